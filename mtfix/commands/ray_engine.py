"""``mtfix check|fix --engine ray``: the same pipeline over a Ray Data dataset.

JSONL and text files are read with ``ray.data.read_binary_files`` and cut into documents
(``mtfix.commands.batch``: a JSONL row; in text, a run of lines up to a blank line), Parquet with
``ray.data.read_parquet`` (a row is a document, the MT in ``--mt-column``). Batches of documents
go to an actor pool whose actors build the rule set once each (``ray_workers.RuleWorker``); with
``--model`` a second pool runs the model, loaded once per actor, on a GPU when the cluster has
one. Results are records, one per document, that Ray writes to a new folder (``-o``) as JSONL
or Parquet, through a temporary folder renamed into place at the end; without ``-o`` they
stream to stdout in input order, as the local command prints them. Ray is optional:
``pip install -e '.[ray]'``; importing this module does not import it.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtfix.commands import batch as work
from mtfix.commands.output import check_writable, write_stdout
from mtfix.commands.ray_workers import Job, ModelWorker, RuleWorker, split_file
from mtfix.document import Severity
from mtfix.errors import UserError
from mtfix.formats import Columns, detect_format
from mtfix.pipeline import FixSettings

INSTALL_RAY = "--engine ray needs Ray: pip install -e '.[ray]' (or pip install 'ray[data]')"
PARQUET_SUFFIXES = (".parquet", ".pq")
BATCH = 256  # documents per actor call
# Blocks of documents about this size (a few thousand segments), so that one large file gives
# every actor work: Ray hands whole blocks to actors.
BLOCK_BYTES = 1 << 20
# The CPU slot each actor reserves. There is one actor per CPU, but a full slot each would leave
# none for Ray Data's own tasks (listing, reading, writing), which then wait for ever behind
# actors that wait for their input. Reading and splitting JSONL/text ask for no slot at all.
ACTOR_CPUS = 0.5
# Options of the local commands that a Ray run does not offer.
LOCAL_ONLY = {"in_place": "--in-place", "diff": "--diff", "log": "--log"}


def add_engine_options(p: argparse.ArgumentParser, output: bool) -> None:
    g = p.add_argument_group("engine")
    g.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="local (default) or ray: a Ray Data job over JSONL, text or Parquet "
                        "input (needs the ray extra; see docs/scaling.md)")
    g.add_argument("--address", metavar="ADDR", default=None,
                   help="with --engine ray: the Ray cluster to join (default: start a local one)")
    g.add_argument("--workers", type=int, default=None, metavar="N",
                   help="with --engine ray: rule actors (default: the cluster's CPUs)")
    g.add_argument("--output-format", choices=("jsonl", "parquet"), default="jsonl",
                   help="with --engine ray and -o: the records' format (default jsonl)")
    if output:
        g.add_argument("-o", "--output", metavar="DIR", default=None,
                       help="with --engine ray: write one record per document to this new "
                            "folder (default: the issues on stdout)")


def wants_ray(args: argparse.Namespace) -> bool:
    return getattr(args, "engine", "local") == "ray"


@dataclass(frozen=True)
class Totals:
    """What the records hold, counted where they are written."""

    documents: int = 0
    issues: int = 0  # check: issues; fix: issues reported but not applied
    edits: int = 0
    worst: int = 0

    def __add__(self, other: Totals) -> Totals:
        return Totals(self.documents + other.documents, self.issues + other.issues,
                      self.edits + other.edits, max(self.worst, other.worst))


def block_totals(table: Any, command: str) -> Totals:  # noqa: ANN401 - a pyarrow.Table
    """Counts of one output block (issues of check; edits and unapplied issues of fix)."""
    names = set(table.column_names)
    prefix = "" if "issues" in names or "edits" in names else "mtfix_"
    listed = table[f"{prefix}issues" if command == "check" else f"{prefix}unapplied"]
    issues = [i for row in listed.to_pylist() for i in row]
    edits = 0 if command == "check" else sum(len(r) for r in table[f"{prefix}edits"].to_pylist())
    worst = max((int(Severity.parse(i["severity"])) for i in issues), default=0)
    return Totals(table.num_rows, len(issues), edits, worst)


def _import_ray() -> Any:  # noqa: ANN401 - the optional module
    try:
        import pyarrow  # noqa: F401
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise UserError(INSTALL_RAY) from None
    return ray


# ---- inputs and outputs, checked before Ray starts ---------------------------------------

def input_format(files: list[str], forced: str | None) -> str:
    if "-" in files:
        raise UserError("--engine ray reads files, not stdin")
    for f in files:
        if not Path(f).is_file():
            raise UserError(f"{f}: no such file")
    fmts = {"parquet" if f.lower().endswith(PARQUET_SUFFIXES) else forced or detect_format(f)
            for f in files}
    if len(fmts) > 1:
        raise UserError(f"--engine ray reads one format per run, not {', '.join(sorted(fmts))}")
    fmt = fmts.pop()
    if fmt not in (*work.LINE_FORMATS, "parquet"):
        raise UserError(f"--engine ray reads jsonl, text or parquet, not {fmt}")
    return fmt


def output_folder(path: str | None) -> Path | None:
    if path is None or path == "-":
        return None
    if os.path.lexists(path):
        raise UserError(f"-o {path}: exists already; --engine ray writes a new folder")
    return check_writable(path, "-o")


def _refuse_local_options(args: argparse.Namespace) -> None:
    for name, flag in LOCAL_ONLY.items():
        if getattr(args, name, None):
            raise UserError(f"{flag} is not available with --engine ray")
    if getattr(args, "format", "text") not in ("text", "json"):
        raise UserError(f"--format {args.format} is not available with --engine ray")
    if args.command == "fix" and args.format == "json":
        raise UserError("--format json is not available for fix with --engine ray "
                        "(the records in -o DIR carry the edit log)")
    if args.workers is not None and args.workers < 1:
        raise UserError("--workers must be at least 1")


def make_job(args: argparse.Namespace, fmt: str) -> Job:
    """The job an actor runs: the tables are read and checked here, once, before Ray starts
    (a bad table or ``--disable`` fails with one line); each actor builds its rules from them."""
    from mtfix.rules import load_tables

    tables = tuple(load_tables(args.rules))
    disabled = tuple(args.disable)
    known = {t.id for t in tables} | {t.entry_rule_id(e) for t in tables for e in t.entries}
    unknown = [d for d in disabled if d not in known]
    if unknown:
        raise UserError(f"cannot disable unknown rule(s): {', '.join(unknown)} "
                        "(see 'mtfix rules')")
    if getattr(args, "keep_boilerplate", False):
        from mtfix.rules.boilerplate import class_tables

        disabled += tuple(class_tables(list(tables)))
    columns = Columns(mt=args.mt_column, source=args.src_column, reference=args.ref_column)
    return Job(command=args.command, fmt=fmt, columns=columns, tables=tables,
               disabled=disabled, timeout=args.regex_timeout,
               settings=FixSettings(threshold=getattr(args, "threshold", FixSettings.threshold)),
               model=model_dir(args), published=args.date)


def model_dir(args: argparse.Namespace) -> str | None:
    """``--model``'s directory, checked on the driver (loaded only inside the model actors)."""
    if args.command != "fix" or args.no_model or not args.model:
        return None
    from mtfix.commands.common import model_dir_from_args
    from mtfix.model.stage import checked_model_dir

    path = checked_model_dir(model_dir_from_args(args) or args.model)
    return str(path.resolve())


# ---- the Ray job ---------------------------------------------------------------------------

@contextmanager
def ray_session(address: str | None, quiet: bool) -> Iterator[Any]:
    """Ray, started here (or joined at ``address``) and shut down at the end; a session the
    caller already started is used as it is and left running."""
    ray = _import_ray()
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", module=r"ray\.")  # advice for Ray users, not ours
    started = not ray.is_initialized()
    if started:
        try:
            ray.init(address=address, include_dashboard=False, log_to_driver=not quiet,
                     logging_level=logging.ERROR, configure_logging=True)
        except Exception as exc:  # noqa: BLE001 - Ray raises many kinds; one line for all
            raise UserError(f"cannot start or reach Ray{f' at {address}' if address else ''}: "
                            f"{_first_line(exc)}") from None
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # records in input order
    context.target_max_block_size = BLOCK_BYTES
    context.enable_progress_bars = not quiet and sys.stderr.isatty()
    try:
        yield ray
    finally:
        if started:
            ray.shutdown()


def runtime_env(address: str | None) -> dict:
    """How Ray's workers import this mtfix: on a local cluster through PYTHONPATH (the
    checkout in use, not another installed copy); on a remote one the package is shipped."""
    package = Path(__file__).resolve().parents[1]
    if address:
        return {"py_modules": [str(package)]}
    path = os.pathsep.join(p for p in (str(package.parent), os.environ.get("PYTHONPATH")) if p)
    return {"env_vars": {"PYTHONPATH": path}}


def build_dataset(ray: Any, job: Job, files: list[str], workers: int | None,  # noqa: ANN401
                  env: dict) -> Any:  # noqa: ANN401 - a ray.data.Dataset
    """read -> documents -> rule actors (-> model actors): the records, lazily."""
    resources = ray.cluster_resources()
    cpus = max(1, int(resources.get("CPU", 1)))
    gpus = int(resources.get("GPU", 0))
    model_on_cpu = job.model is not None and not gpus
    workers = workers or max(1, cpus - int(model_on_cpu))
    if job.fmt == "parquet":
        ds = ray.data.read_parquet(files, runtime_env=env)
        names = ds.schema().names
        if job.columns.mt not in names:
            raise UserError(f"{files[0]}: no column {job.columns.mt!r}; columns there: "
                            f"{', '.join(names)} (choose it with --mt-column)")
    else:
        names = {os.path.abspath(f): f for f in files}
        ds = ray.data.read_binary_files(files, include_paths=True, num_cpus=0,
                                         runtime_env=env)
        ds = ds.flat_map(split_file, fn_kwargs={"fmt": job.fmt, "names": names},
                         num_cpus=0, runtime_env=env)
    ds = ds.map_batches(RuleWorker, fn_constructor_kwargs={"job": job}, batch_size=BATCH,
                        batch_format="pyarrow", num_cpus=ACTOR_CPUS, runtime_env=env,
                        compute=ray.data.ActorPoolStrategy(size=workers))
    if job.model is not None:
        placement = {"num_gpus": 1} if gpus else {"num_cpus": ACTOR_CPUS}
        ds = ds.map_batches(ModelWorker, fn_constructor_kwargs={"job": job}, batch_size=BATCH,
                            batch_format="pyarrow", runtime_env=env,
                            compute=ray.data.ActorPoolStrategy(size=max(1, gpus)), **placement)
    return ds


def record_sink(path: str, fmt: str, command: str) -> Any:  # noqa: ANN401 - a Datasink
    """A Ray datasink that writes the records (one file per write task) and counts them."""
    from ray.data.datasource import BlockBasedFileDatasink

    class RecordSink(BlockBasedFileDatasink):
        def __init__(self) -> None:
            super().__init__(path, file_format=fmt)
            self.totals = Totals()

        def write_block_to_file(self, block: Any, file: Any) -> None:  # noqa: ANN401
            table = block.to_arrow()
            if fmt == "parquet":
                import pyarrow.parquet as pq

                pq.write_table(table, file)
                return
            file.write("".join(json.dumps(r, ensure_ascii=False) + "\n"
                               for r in table.to_pylist()).encode("utf-8"))

        def write(self, blocks: Any, ctx: Any) -> Totals:  # noqa: ANN401
            blocks = list(blocks)
            super().write(blocks, ctx)
            import pyarrow as pa

            return sum((block_totals(pa.table(b) if not isinstance(b, pa.Table) else b,
                                     command) for b in blocks), Totals())

        def on_write_complete(self, write_result: Any) -> None:  # noqa: ANN401
            super().on_write_complete(write_result)
            self.totals = sum((t for t in write_result.write_returns if t), Totals())

    return RecordSink()


def _first_line(exc: BaseException) -> str:
    text = _plain(str(exc)).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


def _user_error_in(exc: BaseException) -> UserError | None:
    """The UserError a worker raised, however Ray wrapped it."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        cur = todo.pop()
        if cur is None or id(cur) in seen:
            continue
        seen.add(id(cur))
        if isinstance(cur, UserError):
            return UserError(str(cur).splitlines()[0])
        todo += [cur.__cause__, cur.__context__, getattr(cur, "cause", None)]
    # Ray may pass the worker's error on as text only (a UserCodeException with its traceback)
    found = re.findall(r"^(?:mtfix\.errors\.)?UserError: (.+)$", _plain(str(exc)), re.M)
    return UserError(found[-1]) if found else None


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@contextmanager
def job_errors() -> Iterator[None]:
    """A failure inside Ray as one line: the worker's own message when it is mtfix's."""
    try:
        yield
    except (UserError, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - Ray wraps worker errors in its own types
        found = _user_error_in(exc)
        raise (found or UserError(f"the Ray job failed: {_first_line(exc)}")) from None


# ---- the commands ------------------------------------------------------------------------

def write_records(ds: Any, out: Path, fmt: str, command: str) -> Totals:  # noqa: ANN401
    """Ray writes into a temporary folder beside ``out``, renamed to ``out`` when complete."""
    tmp = tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        sink = record_sink(tmp, fmt, command)
        with job_errors():
            ds.write_datasink(sink, ray_remote_args={"num_cpus": 0})
        os.chmod(tmp, 0o777 & ~_umask())
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sink.totals


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def stream_records(ds: Any) -> Iterator[dict]:  # noqa: ANN401
    with job_errors():
        for table in ds.iter_batches(batch_format="pyarrow", batch_size=None):
            yield from table.to_pylist()


def issue_line(record: dict, issue: dict, row: int, fmt: str) -> str:
    """An issue as the local ``check`` prints it (same position for the same file line)."""
    if fmt == "parquet":
        where = f"row {row + 1}:{issue['start'] + 1}"
    else:
        line = record["line"] + issue["segment"]
        where = f"{line}:{issue['start'] + 1}" if fmt == "text" else \
            f"seg {line}:{issue['start'] + 1}"
    fix = f" -> {issue['replacements'][0]!r}" if issue["replacements"] else ""
    return (f"{record.get('path', '<parquet>')}:{where}: {issue['severity']} "
            f"{issue['category']} [{issue['rule']}] {issue['span']!r}{fix}: {issue['message']}")


def run(args: argparse.Namespace) -> int:
    """``check`` or ``fix`` (``args.command``) with ``--engine ray``."""
    _refuse_local_options(args)
    files = list(args.files) if args.command == "check" else [args.file]
    fmt = input_format(files, args.input_format)
    out = output_folder(args.output)
    if out is None and args.command == "fix" and fmt == "parquet":
        raise UserError("fix --engine ray on Parquet writes a folder: give -o DIR")
    _import_ray()
    job = make_job(args, fmt)
    quiet = getattr(args, "quiet", False)
    with ray_session(args.address, quiet) as ray:
        with job_errors():
            ds = build_dataset(ray, job, files, args.workers, runtime_env(args.address))
        if out is not None:
            totals = write_records(ds, out, args.output_format, args.command)
        else:
            totals = _print_records(ds, args.command, fmt, args.format == "json")
    return _report(args, totals, out)


def _print_records(ds: Any, command: str, fmt: str, as_json: bool) -> Totals:  # noqa: ANN401
    totals = Totals()
    for row, record in enumerate(stream_records(ds)):
        if command == "check" and as_json:
            write_stdout(json.dumps(record, ensure_ascii=False) + "\n")
        if command == "check":
            if not as_json:
                write_stdout("".join(issue_line(record, i, row, fmt) + "\n"
                                     for i in record["issues"]))
            issues = record["issues"]
            edits = 0
        else:
            write_stdout(record["text"])
            issues = record["unapplied"]
            edits = len(record["edits"])
        worst = max((int(Severity.parse(i["severity"])) for i in issues), default=0)
        totals = totals + Totals(1, len(issues), edits, worst)
    return totals


def _report(args: argparse.Namespace, totals: Totals, out: Path | None) -> int:
    where = f" written to {out}" if out is not None else ""
    if args.command == "check":
        line = f"{totals.issues} issue(s) in {totals.documents} document(s){where}\n"
        to_stderr = out is not None or args.format == "json"
        (sys.stderr.write if to_stderr else write_stdout)(line)
        return 1 if totals.worst and totals.worst >= int(args.fail_on) else 0
    if not args.quiet:
        sys.stderr.write(f"mtfix: {totals.edits} edit(s) applied, {totals.issues} issue(s) "
                         f"reported but not applied, {totals.documents} document(s){where}\n")
    if args.fail_on is not None and totals.worst >= int(args.fail_on):
        return 1
    return 0
