"""What the Jekyll import may read from a Jekyll site, and which images it copies.

Files are read only from inside the site, never through a symlink: each path is opened
one folder at a time relative to the site (`openat` with O_NOFOLLOW), so neither `..`, nor
a symlinked file or folder, nor one swapped in during the import leads outside. Symlinks
are refused even when they point inside the site: where a link points can change between
the check and the copy, and the file it names is in the site under its own name anyway.
Images are copied only when their content is what their name says (magic bytes for PNG,
JPEG, GIF, WebP and AVIF; SVG only as plain XML without script, event handlers, external
references or DTD) and they are at most MAX_IMAGE_BYTES big.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

from civic_site.active_content import active_scheme

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_TEXT_BYTES = 2 * 1024 * 1024
MAX_SHOWN = "10 MB"

IMAGE_FORMATS = {
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".gif": "GIF",
    ".webp": "WebP",
    ".avif": "AVIF",
    ".svg": "SVG",
}


class NotTakenError(Exception):
    """A file the import does not take; the text says why, in German."""


# --------------------------------------------------------------------------- reading files


def site_parts(reference: str) -> list[str]:
    """'/assets/img/a.png' → ['assets', 'img', 'a.png']; NotTakenError for a path that could
    leave the site ('..', a backslash, a NUL) or names no file."""
    if "\x00" in reference or "\\" in reference:
        raise NotTakenError(f"„{reference}“ ist kein gültiger Pfad.")
    parts = [p for p in reference.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise NotTakenError(f"„{reference}“ zeigt aus der Jekyll-Website heraus.")
    if not parts:
        raise NotTakenError(f"„{reference}“ nennt keine Datei.")
    return parts


def _open_in_site(site: Path, parts: list[str], shown: str) -> int:
    """An fd for site/parts…, opened without following any symlink on the way."""
    folder = os.open(site, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            try:
                info = os.stat(part, dir_fd=folder, follow_symlinks=False)
            except FileNotFoundError:
                raise NotTakenError(f"„{shown}“ gibt es in der Jekyll-Website nicht.") from None
            except NotADirectoryError:
                raise NotTakenError(f"„{shown}“ gibt es in der Jekyll-Website nicht.") from None
            if stat.S_ISLNK(info.st_mode):
                where = shown if last else "/".join(parts[: index + 1])
                raise NotTakenError(
                    f"„{where}“ ist eine Verknüpfung (Symlink); Verknüpfungen werden nie "
                    "übernommen, bitte die Datei selbst in die Website legen."
                )
            flags = os.O_RDONLY | os.O_NOFOLLOW | (0 if last else os.O_DIRECTORY)
            try:
                opened = os.open(part, flags | os.O_NONBLOCK, dir_fd=folder)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise NotTakenError(
                        f"„{shown}“: unerwarteter Dateityp, nicht gelesen."
                    ) from None
                raise
            os.close(folder)
            folder = opened
        result, folder = folder, -1
        return result
    finally:
        if folder >= 0:
            os.close(folder)


def read_site_file(site: Path, reference: str, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a regular file inside `site` (NotTakenError otherwise, or when bigger
    than `limit`)."""
    parts = site_parts(reference)
    shown = "/".join(parts)
    handle = _open_in_site(site, parts, shown)
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise NotTakenError(f"„{shown}“ ist keine Datei.")
        if info.st_size > limit:
            raise NotTakenError(f"„{shown}“ ist größer als {limit // (1024 * 1024)} MB.")
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    finally:
        os.close(handle)
    if len(data) > limit:
        raise NotTakenError(f"„{shown}“ ist größer als {limit // (1024 * 1024)} MB.")
    return data


def list_site_folder(site: Path, reference: str) -> tuple[list[str], list[str]]:
    """Names of the regular files directly in a folder inside `site`, and of the
    symlinks there (which are never followed); both sorted."""
    parts = site_parts(reference)
    handle = _open_in_site(site, parts, "/".join(parts))
    try:
        if not stat.S_ISDIR(os.fstat(handle).st_mode):
            raise NotTakenError(f"„{'/'.join(parts)}“ ist kein Ordner.")
        with os.scandir(handle) as entries:
            found = list(entries)
        files = sorted(e.name for e in found if e.is_file(follow_symlinks=False))
        return files, sorted(e.name for e in found if e.is_symlink())
    finally:
        os.close(handle)


def read_image(site: Path, reference: str) -> bytes:
    """An image of the site, checked (NotTakenError with the reason otherwise)."""
    parts = site_parts(reference)
    name = parts[-1]
    if Path(name).suffix.lower() not in IMAGE_FORMATS:
        raise NotTakenError(f"„{'/'.join(parts)}“ ist kein Bild ({_formats()}).")
    data = read_site_file(site, reference, limit=MAX_IMAGE_BYTES)
    problem = check_image_bytes(name, data)
    if problem:
        raise NotTakenError(problem)
    return data


def _formats() -> str:
    return "übernommen werden PNG, JPEG, GIF, WebP, AVIF und SVG"


def check_image_bytes(name: str, data: bytes) -> str | None:
    """Why `data` is not an image of the kind its file name says; None if it is."""
    suffix = Path(name).suffix.lower()
    kind = IMAGE_FORMATS.get(suffix)
    if kind is None:
        return f"„{name}“ ist kein Bild ({_formats()})."
    if len(data) > MAX_IMAGE_BYTES:
        return f"„{name}“ ist größer als {MAX_SHOWN}: bitte verkleinern und von Hand einfügen."
    matches = {
        "PNG": data.startswith(b"\x89PNG\r\n\x1a\n"),
        "JPEG": data.startswith(b"\xff\xd8\xff"),
        "GIF": data[:6] in (b"GIF87a", b"GIF89a"),
        "WebP": data[:4] == b"RIFF" and data[8:12] == b"WEBP",
        "AVIF": data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis"),
        "SVG": True,
    }
    if not matches[kind]:
        return f"„{name}“ ist kein {kind}: der Inhalt passt nicht zur Endung."
    if kind == "SVG":
        problem = svg_problem(data)
        if problem:
            return f"„{name}“: {problem}"
    return None


SVG_FORBIDDEN = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}


def svg_problem(data: bytes) -> str | None:
    """Why an SVG file is not a plain drawing (opened on its own, an SVG runs its scripts
    with the site's rights); None if it is one."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "SVG ist nicht als UTF-8 gespeichert."
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):
        return "SVG mit DOCTYPE oder ENTITY wird nicht übernommen."
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return "kein gültiges SVG (XML)."
    if _local(root.tag) != "svg":
        return "kein SVG."
    for element in root.iter():
        name = _local(str(element.tag))
        if name in SVG_FORBIDDEN:
            return f"SVG enthält <{name}>: wird nicht übernommen."
        if name == "style" and re.search(r"@import|url\s*\(\s*['\"]?(?!#)", element.text or ""):
            return "SVG lädt in <style> etwas nach: wird nicht übernommen."
        for key, value in element.attrib.items():
            attribute = _local(key)
            if attribute.startswith("on"):
                return f"SVG enthält {attribute}= (Skript): wird nicht übernommen."
            if attribute == "href" and not value.strip().startswith("#"):
                return "SVG verweist auf eine andere Datei: wird nicht übernommen."
            if active_scheme(value) or re.search(r"url\s*\(\s*['\"]?(?!#)", value):
                return "SVG enthält einen Verweis nach außen: wird nicht übernommen."
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()
