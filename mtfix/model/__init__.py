"""The seq2seq corrector: load, generate, train, and the pipeline seam.

Nothing here imports torch or transformers at import time; they load inside the functions that
need them, so ``check`` and rule-only ``fix`` stay fast.
"""

from __future__ import annotations

from pathlib import Path

#: The model shipped with the package (trained by ``mtfix train``; see its README.md).
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "default"
