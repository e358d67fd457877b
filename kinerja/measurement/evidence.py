"""Bukti dukung (evidence files): checked by content, stored under a random name, served only
through a view that checks access.

* Allowed kinds: PDF, PNG, JPEG, XLSX, XLS, CSV, DOCX. The kind is read from the file's first
  bytes (and, for the Office Open XML formats, from the parts inside the ZIP), never from the
  name or the browser's content type; the file name's extension must agree with it.
* Size limit: ``settings.KINERJA_MAX_EVIDENCE_BYTES`` (10 MB by default).
* Files go under ``MEDIA_ROOT/bukti/<agency>/<random>.<ext>``; the user's file name is kept only
  as text (``Evidence.reference``) for display and as the download name.
* Upload and deletion only while the realisation may be edited (``workflow.is_editable``) and
  by who may enter realisations at the unit.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.history.context import acting_as
from kinerja.measurement import workflow
from kinerja.measurement.models import Evidence, Realization
from kinerja.organizations import access, permissions

DEFAULT_MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
HEAD_BYTES = 8192


@dataclass(frozen=True)
class Kind:
    name: str  # shown to the user
    content_type: str
    extensions: tuple[str, ...]
    inline: bool = False  # may be shown in the browser (else downloaded)


# A PDF is downloaded, not shown in the browser: a PDF can carry JavaScript, and a browser's PDF
# viewer refuses to run inside the sandbox every evidence response has (issue #11).
PDF = Kind("PDF", "application/pdf", (".pdf",))
PNG = Kind("PNG", "image/png", (".png",), inline=True)
JPEG = Kind("JPEG", "image/jpeg", (".jpg", ".jpeg"), inline=True)
XLSX = Kind("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
DOCX = Kind("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLS = Kind("XLS", "application/vnd.ms-excel", (".xls",))
CSV = Kind("CSV", "text/csv", (".csv",))
KINDS = (PDF, PNG, JPEG, XLSX, XLS, CSV, DOCX)
ALLOWED_EXTENSIONS = tuple(ext for kind in KINDS for ext in kind.extensions)
ACCEPT = ",".join(ALLOWED_EXTENSIONS)  # for <input type=file accept=...>
ALLOWED_TEXT = "PDF, PNG, JPEG, XLSX, XLS, CSV, DOCX"

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class EvidenceError(workflow.WorkflowError):
    """An upload that is refused (type, size, empty) or a deletion that is not allowed now."""


def max_evidence_bytes() -> int:
    return int(getattr(settings, "KINERJA_MAX_EVIDENCE_BYTES", DEFAULT_MAX_EVIDENCE_BYTES))


def size_text(size: int | None) -> str:
    if size is None:
        return ""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bita"


def _zip_kind(stream: IO[bytes]) -> Kind | None:
    try:
        with zipfile.ZipFile(stream) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("xl/") for n in names):
        return XLSX
    if any(n.startswith("word/") for n in names):
        return DOCX
    return None


def _is_text(head: bytes) -> bool:
    if not head.strip() or b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8-sig" and exc.start >= len(head) - 3:
                text = head[: exc.start].decode(encoding)  # a character cut at the sample's end
            else:
                continue
        return all(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return False


def detect_kind(stream: IO[bytes]) -> Kind | None:
    """The kind of the file by its content (``None``: not an allowed kind). Rewinds ``stream``."""
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(_OLE2):
            return XLS
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(stream)
        if _is_text(head):
            return CSV
        return None
    finally:
        stream.seek(0)


def check_upload(upload: UploadedFile[bytes]) -> Kind:
    """The kind of an uploaded file; ``EvidenceError`` (Bahasa Indonesia) when it is refused."""
    name = os.path.basename(upload.name or "")
    limit = max_evidence_bytes()
    if not upload.size:
        raise EvidenceError(_("berkas kosong"), _("bukti dukung"))
    if upload.size > limit:
        raise EvidenceError(
            _("berkas %(name)s terlalu besar (%(size)s; paling besar %(limit)s)")
            % {"name": name, "size": size_text(upload.size), "limit": size_text(limit)},
            _("bukti dukung"),
        )
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_EXTENSIONS:
        raise EvidenceError(
            _("jenis berkas %(name)s tidak diterima; yang diterima: %(allowed)s")
            % {"name": name, "allowed": ALLOWED_TEXT},
            _("bukti dukung"),
        )
    if upload.file is None:
        raise EvidenceError(_("berkas kosong"), _("bukti dukung"))
    kind = detect_kind(upload.file)
    if kind is None or ext not in kind.extensions:
        expected = next(k.name for k in KINDS if ext in k.extensions)
        values = {"name": name, "expected": expected, "allowed": ALLOWED_TEXT}
        if kind is not None:
            message = _(
                "isi berkas %(name)s bukan %(expected)s yang sah (isinya terbaca sebagai %(found)s); "
                "unggah berkas %(allowed)s yang asli"
            ) % {**values, "found": kind.name}
        else:
            message = (
                _("isi berkas %(name)s bukan %(expected)s yang sah; unggah berkas %(allowed)s yang asli")
                % values
            )
        raise EvidenceError(message, _("bukti dukung"))
    return kind


def _digest(stream: IO[bytes]) -> str:
    stream.seek(0)
    h = hashlib.sha256()
    for chunk in iter(lambda: stream.read(65536), b""):
        h.update(chunk)
    stream.seek(0)
    return h.hexdigest()


def _check_may_change(user: Any, r: Realization) -> None:
    access.require(user, permissions.ENTER_REALIZATION, r.unit)
    if not workflow.is_editable(r):
        raise EvidenceError(
            (
                _(
                    "Realisasi %(realization)s berstatus %(status)s dan terkunci; bukti dukung hanya dapat "
                    "diubah selama realisasi masih draf (atau kuncinya dibuka admin)."
                )
                if r.locked
                else _(
                    "Realisasi %(realization)s berstatus %(status)s; bukti dukung hanya dapat diubah selama "
                    "realisasi masih draf (atau kuncinya dibuka admin)."
                )
            )
            % {"realization": r, "status": workflow._status(r.status)},
            _("bukti dukung"),
        )


def add_evidence(user: Any, realization: Realization, upload: UploadedFile[bytes]) -> Evidence:
    """Store an uploaded file as evidence of ``realization`` (checked, random name)."""
    kind = check_upload(upload)
    assert upload.file is not None  # check_upload refuses an upload without content
    digest = _digest(upload.file)
    original = os.path.basename(upload.name or "")[:255] or "berkas"
    with transaction.atomic():
        r = workflow._fresh(realization.pk)  # row lock: positions stay unique
        _check_may_change(user, r)
        last = Evidence.objects.filter(realization_id=r.pk).aggregate(m=Max("position"))["m"]
        evidence = Evidence(
            agency_id=r.agency_id,
            realization=r,
            reference=original,
            position=0 if last is None else last + 1,
            content_type=kind.content_type,
            size=upload.size,
            sha256=digest,
            uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            uploaded_at=timezone.now(),
        )
        evidence.file.save(original, upload, save=False)
        stored = evidence.file.name
        try:
            with acting_as(user):
                evidence.save()
        except Exception:
            if stored:
                evidence.file.storage.delete(stored)
            raise
    return evidence


def delete_evidence(user: Any, evidence: Evidence) -> None:
    """Remove an evidence row (and its stored file, once the deletion is committed)."""
    with transaction.atomic():
        r = workflow._fresh(evidence.realization_id)
        _check_may_change(user, r)
        row = Evidence.objects.select_for_update().filter(pk=evidence.pk).first()
        if row is None:
            return
        stored = row.file.name if row.file else ""
        storage = row.file.storage
        with acting_as(user):
            row.delete()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))


def inline_allowed(evidence: Evidence) -> bool:
    return any(k.inline and k.content_type == evidence.content_type for k in KINDS)
