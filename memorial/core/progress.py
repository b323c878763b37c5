"""Progress for long management commands: a bar on a terminal, plain lines otherwise."""

import time


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """Call `update(done, total)`; call `finish()` at the end. Writes to a Django OutputWrapper."""

    def __init__(self, stream, label: str, every_seconds: float = 5.0, width: int = 30):
        self.stream = stream
        self.label = label
        self.started = time.monotonic()
        self.last_line = 0.0
        self.every_seconds = every_seconds
        self.width = width
        self.is_terminal = hasattr(stream, "isatty") and stream.isatty()
        self.drew_bar = False

    def update(self, done: int, total: int) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        eta = _duration((total - done) / rate) if rate and total > done else "0:00"
        text = f"{self.label}: {done:,}/{total:,} ({rate:,.0f}/s, ETA {eta})"
        if self.is_terminal:
            filled = int(self.width * done / total) if total else self.width
            bar = "#" * filled + "." * (self.width - filled)
            self.stream.write(f"\r[{bar}] {text}", ending="")
            self.stream.flush()
            self.drew_bar = True
        elif done == total or time.monotonic() - self.last_line >= self.every_seconds:
            self.stream.write(text)
            self.last_line = time.monotonic()

    def finish(self) -> None:
        if self.drew_bar:
            self.stream.write("")
