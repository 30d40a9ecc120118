"""Running chunks through :mod:`mtfix.commands.stream`: in this process or in ``--jobs N``
worker processes, results in input order, a bounded number of chunks in flight (memory stays
flat in the input's size), a progress bar for large inputs, and SIGTERM turned into an
exception so that staged output files are removed as on Ctrl-C.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import signal
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from mtfix.commands.stream import ChunkResult, Job, process_chunk, rules_for
from mtfix.errors import UserError
from mtfix.formats import detect_format
from mtfix.formats.chunks import DEFAULT_CHUNK_BYTES, STREAMED, Chunk, chunks, open_input
from mtfix.formats.common import Columns
from mtfix.pipeline import ModelStage

CHUNK_BYTES = DEFAULT_CHUNK_BYTES  # the chunk a worker gets: whole documents, about this size
PROGRESS_BYTES = 4 * 1024 * 1024  # a progress bar for inputs larger than this
IN_FLIGHT_PER_JOB = 3


class Terminated(BaseException):  # noqa: N818 - named after the signal, like KeyboardInterrupt
    """SIGTERM arrived; unwinds like KeyboardInterrupt so that temporary files are removed."""


@contextmanager
def sigterm_raises() -> Iterator[None]:
    def handler(signum: int, frame: object) -> None:
        raise Terminated(signum)

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: signals stay as they are
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def interruptible(run: Callable[[Any], int], args: Any) -> int:
    """``run(args)`` with SIGTERM as an exception: exit 143 with one line, no traceback
    (Ctrl-C, KeyboardInterrupt, is reported by the CLI as exit 130)."""
    try:
        with sigterm_raises():
            return run(args)
    except Terminated:
        sys.stderr.write("mtfix: terminated\n")
        return 143


def _worker_init() -> None:
    """Workers leave Ctrl-C to the main process (which stops them) and die on SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def ordered_results(work: Iterable[Chunk], job: Job, jobs: int = 1,
                    model: ModelStage | None = None) -> Iterator[ChunkResult]:
    """Each chunk's result, in input order; with ``jobs`` > 1 in worker processes, at most
    ``IN_FLIGHT_PER_JOB * jobs`` chunks read ahead."""
    if jobs <= 1:
        for chunk in work:
            yield process_chunk(chunk, job, model)
        return
    if model is not None:
        raise UserError("--jobs with --model is not supported; use --jobs 1")
    import multiprocessing

    rules_for(job.rules)  # a bad table fails here, once; forked workers inherit the rules
    # Forked workers share the parent's objects (the rules) page by page until they are
    # written; a collection in a worker writes every tracked object's header, copying those
    # pages and costing each worker ~15 % CPU. Frozen objects are left out of collections.
    gc.freeze()
    try:
        pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_init)
    except BaseException:
        gc.unfreeze()
        raise
    try:
        pending: deque = deque()
        for chunk in work:
            if chunk.doc is not None:  # a whole PO/XLIFF/TMX document: here, in its turn
                while pending:
                    yield pending.popleft().get()
                yield process_chunk(chunk, job)
                continue
            pending.append(pool.apply_async(process_chunk, (chunk, job)))
            if len(pending) >= IN_FLIGHT_PER_JOB * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        gc.unfreeze()


def input_chunks(path: str, fmt: str | None, columns: Columns, size: int | None = None,
                 data: bytes | None = None) -> Iterator[Chunk]:
    """A file's chunks (text, JSONL, TSV) of about ``size`` bytes (default ``CHUNK_BYTES``)
    or, for the other formats, the whole document read in memory as one chunk. ``data``: the
    file's bytes, already read."""
    fmt = fmt or detect_format(path)
    size = size or CHUNK_BYTES
    if fmt not in STREAMED:
        from mtfix.formats import read_document

        doc = read_document(path, fmt, columns, data=data)
        yield Chunk(fmt=fmt, path=path, doc=doc, nbytes=len(doc.meta.get("raw", b"")))
        return
    if data is not None:
        yield from chunks(io.BytesIO(data), path, fmt, columns, size)
        return
    stream = open_input(path)
    try:
        yield from chunks(stream, path, fmt, columns, size)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def input_size(path: str) -> int | None:
    try:
        return os.path.getsize(path) if path != "-" and os.path.isfile(path) else None
    except OSError:
        return None


@contextmanager
def progress(path: str, quiet: bool) -> Iterator[Callable[[int], None]]:
    """A callback advancing a progress bar on stderr by a number of bytes: shown for inputs
    larger than ``PROGRESS_BYTES`` when stderr is a terminal and not ``quiet``."""
    size = input_size(path)
    if quiet or size is None or size < PROGRESS_BYTES or not sys.stderr.isatty():
        yield lambda n: None
        return
    from tqdm import tqdm

    bar = tqdm(total=size, unit="B", unit_scale=True, desc=os.path.basename(path),
               file=sys.stderr, leave=False, dynamic_ncols=True)
    try:
        yield bar.update
    finally:
        bar.close()


class Spool:
    """Text items kept in a temporary file (not in memory) until they are written out."""

    def __init__(self) -> None:
        self.file: IO[str] = tempfile.TemporaryFile(  # noqa: SIM115 - closed by spools()
            "w+", encoding="utf-8", newline="")
        self.count = 0

    def add(self, items: Iterable[str], separator: str = "") -> None:
        for item in items:
            if self.count and separator:
                self.file.write(separator)
            self.file.write(item)
            self.count += 1

    def copy_to(self, write: Callable[[str], Any], block: int = 1 << 20) -> None:
        self.file.flush()
        self.file.seek(0)
        while piece := self.file.read(block):
            write(piece)

    def close(self) -> None:
        self.file.close()


@contextmanager
def spools(n: int) -> Iterator[list[Spool]]:
    made = [Spool() for _ in range(n)]
    try:
        yield made
    finally:
        for s in made:
            s.close()


def write_json_list(write: Callable[[str], Any], spool: Spool, indent: int) -> None:
    """A list of items spooled with ``",\\n"`` between them, as ``json.dumps(indent=1)``
    writes a list ``indent`` levels deep."""
    if not spool.count:
        write("[]")
        return
    write("[\n")
    spool.copy_to(write)
    write("\n" + " " * indent + "]")


def add_scale_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("large inputs")
    g.add_argument("-j", "--jobs", type=_jobs_arg, default=1, metavar="N",
                   help="process documents in N worker processes (default 1); the output is "
                        "the same as with one, in input order")
    if not any("--quiet" in a.option_strings for a in p._actions):
        g.add_argument("-q", "--quiet", action="store_true",
                       help="no progress bar (shown on a terminal for inputs over 4 MB)")


def _jobs_arg(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs wants a whole number, not {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("--jobs must be at least 1")
    return n
