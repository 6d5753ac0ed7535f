"""Write a file so that no reader ever sees half of it: a temporary file beside it, then one rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(out: Path, payload: bytes) -> None:
    """Replace ``out`` with ``payload``. Raises ``OSError``; the temporary file never outlives a failure."""
    tmp_name: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            "wb", dir=out.parent, prefix=f".{out.name}.", suffix=".tmp", delete=False
        ) as tmp:
            tmp_name = tmp.name
            tmp.write(payload)
            tmp.flush()
            os.fsync(tmp.fileno())
        # The temporary file is private (0600); give the result the usual permissions of a data file.
        os.chmod(tmp_name, out.stat().st_mode & 0o777 if out.exists() else 0o644)
        os.replace(tmp_name, out)
        tmp_name = None
    finally:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)
