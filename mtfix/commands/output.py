"""Writing output files safely: checked before any work, written to temporary files, renamed
into place only when every output is ready, with the mode a new file would get.

A failure at any step leaves every output as it was (none created, none changed) and is
reported as a ``UserError``.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from mtfix.errors import UserError


def check_writable(path: str, what: str) -> Path:
    """``path`` as a Path, after checking that its folder exists and can be written to."""
    p = Path(path)
    folder = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        raise UserError(f"{what} {path}: is a folder, not a file")
    if not folder.is_dir():
        raise UserError(f"{what} {path}: no such folder {str(folder)!r}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(f"{what} {path}: cannot write in folder {str(folder)!r}")
    if p.exists() and not os.access(p, os.W_OK):
        raise UserError(f"{what} {path}: file is not writable")
    return p


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def backup_path(path: Path) -> Path:
    """``FILE.bak``, or the first free ``FILE.bak.N``: an earlier backup is never replaced."""
    candidate = Path(f"{path}.bak")
    n = 0
    while candidate.exists():
        n += 1
        candidate = Path(f"{path}.bak.{n}")
    return candidate


@dataclass
class Outputs:
    """Files staged as temporaries next to their targets; ``commit`` renames them all.

    ``stage`` writes a file's bytes at once; ``stream`` opens the temporary file for writing
    piece by piece (``fix`` on a large input). Until ``commit`` the targets are untouched, and
    leaving the ``with`` block without committing (an error, Ctrl-C, SIGTERM) removes every
    temporary file."""

    staged: list[tuple[Path, str, bool]] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    open_files: dict[str, BinaryIO] = field(default_factory=dict)

    def stage(self, path: Path, data: bytes, backup: bool = False) -> None:
        fh = self.stream(path, backup)
        try:
            fh.write(data)
        except OSError as exc:
            raise UserError(f"{path}: cannot write: {exc.strerror or exc}") from None

    def stream(self, path: Path, backup: bool = False) -> BinaryIO:
        """A binary file to write ``path``'s new content to; renamed into place on commit."""
        folder = path.parent if str(path.parent) else Path(".")
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise UserError(f"{path}: cannot write: {exc.strerror or exc}") from None
        self.staged.append((path, tmp, backup))
        fh = os.fdopen(fd, "wb")
        self.open_files[tmp] = fh
        return fh

    def unstage(self, path: Path) -> None:
        """Forget a staged file: its target stays as it is (``--in-place`` with no edit)."""
        for entry in [e for e in self.staged if e[0] == path]:
            self.staged.remove(entry)
            self._remove(entry[1])

    def _finish(self, path: Path, tmp: str) -> None:
        fh = self.open_files.pop(tmp, None)
        try:
            if fh is not None:
                with fh:
                    fh.flush()
                    os.fsync(fh.fileno())
            if path.exists():
                shutil.copymode(path, tmp)
            else:
                os.chmod(tmp, _new_file_mode())
        except OSError as exc:
            raise UserError(f"{path}: cannot write: {exc.strerror or exc}") from None

    def commit(self) -> None:
        """Rename every staged file into place (signals held until all are renamed)."""
        for path, tmp, _ in self.staged:
            self._finish(path, tmp)
        held = {signal.SIGINT, signal.SIGTERM}
        old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            for path, _, backup in self.staged:
                if backup and path.exists():
                    target = backup_path(path)
                    shutil.copy2(path, target)
                    self.backups.append(target)
            for path, tmp, _ in self.staged:
                os.replace(tmp, path)
        except OSError as exc:
            raise UserError(f"cannot write output: {exc.strerror or exc}") from None
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
            self.discard()

    def _remove(self, tmp: str) -> None:
        fh = self.open_files.pop(tmp, None)
        if fh is not None:
            fh.close()
        if os.path.exists(tmp):
            os.unlink(tmp)

    def discard(self) -> None:
        for _, tmp, _ in self.staged:
            self._remove(tmp)
        self.staged.clear()

    def __enter__(self) -> Outputs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()


def write_stdout(text: str) -> None:
    """Write to stdout; a full disk or closed stream is a one-line error, not a traceback."""
    try:
        if text:
            sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        silence_stdout()
        raise UserError(f"cannot write to standard output: {exc.strerror or exc}") from None


def silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
