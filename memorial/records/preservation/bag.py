"""A BagIt 1.0 writer (RFC 8493) that hashes each payload file once, while writing it.

Payload files go straight into `data/`; their SHA-512 lines are appended to
`manifest-sha512.txt` as they are written, so no list of files is kept in memory.
`finish()` writes `bagit.txt`, `bag-info.txt` and `tagmanifest-sha512.txt`.
Validation is left to the `bagit` library, which reads the bag afresh.
"""

import hashlib
import json
from pathlib import Path, PurePosixPath

from django.core.serializers.json import DjangoJSONEncoder

ALGORITHM = "sha512"
MANIFEST = f"manifest-{ALGORITHM}.txt"
TAG_MANIFEST = f"tagmanifest-{ALGORITHM}.txt"
COPY_CHUNK = 1024 * 1024


def encode_manifest_path(path: str) -> str:
    """RFC 8493 §2.1.3: CR, LF and '%' in a file path are percent-encoded."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def tag_value(value) -> str:
    """A bag-info value on one line."""
    return " ".join(str(value).split())


class BagWriter:
    """Writes one bag into an empty directory. Paths are POSIX paths under `data/`."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.data = self.root / "data"
        self.data.mkdir(parents=True, exist_ok=False)
        self.manifest = open(self.root / MANIFEST, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        self.octets = 0
        self.files = 0

    # Payload ---------------------------------------------------------------------------
    def _target(self, path: str) -> Path:
        relative = PurePosixPath(path)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise ValueError(f"Not a payload path: {path!r}")
        target = self.data.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def _record(self, path: str, digest: str, size: int) -> None:
        self.manifest.write(f"{digest}  {encode_manifest_path('data/' + path)}\n")
        self.octets += size
        self.files += 1

    def write_bytes(self, path: str, content: bytes) -> None:
        self._target(path).write_bytes(content)
        self._record(path, hashlib.new(ALGORITHM, content).hexdigest(), len(content))

    def write_json(self, path: str, document) -> None:
        text = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        self.write_bytes(path, (text + "\n").encode("utf-8"))

    def copy_stream(self, path: str, source) -> tuple[str, int]:
        """Copy an open binary file into the payload; returns its SHA-256 and size."""
        bag_digest = hashlib.new(ALGORITHM)
        sha256 = hashlib.sha256()
        size = 0
        target_path = self._target(path)
        try:
            with open(target_path, "wb") as target:
                for chunk in iter(lambda: source.read(COPY_CHUNK), b""):
                    target.write(chunk)
                    bag_digest.update(chunk)
                    sha256.update(chunk)
                    size += len(chunk)
        except BaseException:
            target_path.unlink(missing_ok=True)  # a half-copied file must not stay unlisted
            raise
        self._record(path, bag_digest.hexdigest(), size)
        return sha256.hexdigest(), size

    def open_lines(self, path: str) -> "JsonLinesWriter":
        """A JSON Lines payload file, written one record at a time."""
        return JsonLinesWriter(self, path)

    # Tag files -------------------------------------------------------------------------
    @property
    def payload_oxum(self) -> str:
        return f"{self.octets}.{self.files}"

    def _write_tag_file(self, name: str, lines: list[str]) -> None:
        (self.root / name).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")

    def finish(self, bag_info: list[tuple[str, str]]) -> None:
        """Close the manifest and write the tag files. `bag_info`: (label, value) in order."""
        self.manifest.close()
        self._write_tag_file(
            "bagit.txt", ["BagIt-Version: 1.0", "Tag-File-Character-Encoding: UTF-8"]
        )
        info = [*bag_info, ("Payload-Oxum", self.payload_oxum)]
        self._write_tag_file("bag-info.txt", [f"{label}: {tag_value(v)}" for label, v in info])
        lines = []
        for name in ("bagit.txt", "bag-info.txt", MANIFEST):
            digest = hashlib.new(ALGORITHM, (self.root / name).read_bytes()).hexdigest()
            lines.append(f"{digest}  {name}")
        self._write_tag_file(TAG_MANIFEST, lines)

    def abort(self) -> None:
        if not self.manifest.closed:
            self.manifest.close()


class JsonLinesWriter:
    """Collects one JSON document per line, hashed and recorded when closed."""

    def __init__(self, bag: BagWriter, path: str):
        self.bag = bag
        self.path = path
        self.target = bag._target(path)
        self.handle = open(self.target, "wb")  # noqa: SIM115
        self.digest = hashlib.new(ALGORITHM)
        self.size = 0

    def write(self, document) -> None:
        line = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False) + "\n"
        data = line.encode("utf-8")
        self.handle.write(data)
        self.digest.update(data)
        self.size += len(data)

    def close(self) -> None:
        self.handle.close()
        self.bag._record(self.path, self.digest.hexdigest(), self.size)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if exc_info[0] is None:
            self.close()
        else:
            self.handle.close()
