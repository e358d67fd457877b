"""SKM services: the public form's protection, staff entry, file import, the result pages' data.

Public form (no account, ``/survei/<key>/``):

* the form carries a signed token (``issue_token``: the survey and a random visit id, signed
  with the site's secret and timed); an answer is taken only with a valid token at least
  ``KINERJA_SURVEY_MIN_SECONDS`` (default 5) and at most ``KINERJA_SURVEY_MAX_AGE`` seconds
  (default 2 hours) old — a bot that posts at once, or replays an old form, is refused;
* one answer per visit: the visit id is stored with the answer and unique, so the same form
  posted twice is one answer;
* a honeypot field people do not see (hidden by the style sheet) must stay empty;
* per client address, at most ``KINERJA_SURVEY_PER_HOUR`` answers (default 20) per survey an
  hour, counted in the database (a keyed hash of the address is stored, not the address), so it
  holds across processes and machines;
* the survey must be open (``Survey.is_open``); the nine elements must all be answered 1-4.

Staff (``enter_realization`` on the unit): services, questionnaires, the result of a survey done
elsewhere, respondents typed in, and CSV/XLSX files with one row per respondent
(``import_rows``: all rows or none, each problem named by row and column in Bahasa Indonesia).

Pages: ``survey_document`` gives ``kinerja.figures.skm`` the surveys of a unit's subtree.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from kinerja.core.numbers import parse_number
from kinerja.core.skm import ELEMENTS
from kinerja.core.tables import TableError, read_table
from kinerja.core.types import KinerjaValidationError
from kinerja.evaluation.models import Survey, SurveyResponse, SurveyService
from kinerja.organizations import access, permissions
from kinerja.organizations.models import Unit

TOKEN_SALT = "kinerja.evaluation.skm.form"
PROFILE_COLUMNS = ("jenis_kelamin", "usia", "pendidikan", "pekerjaan")
ELEMENT_COLUMNS = tuple(code.lower() for code, _ in ELEMENTS)  # u1..u9
MAX_IMPORT_ROWS = 20_000


class SurveyRefused(KinerjaValidationError):
    """An answer or an entry not taken; ``status`` is the HTTP status a page answers with."""

    def __init__(self, message: str, status: int = 400, field: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.field = field


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


# --- the public form ------------------------------------------------------------------------


def issue_token(survey: Survey) -> str:
    return signing.TimestampSigner(salt=TOKEN_SALT).sign_object(
        {"s": survey.pk, "v": secrets.token_urlsafe(16)}
    )


def _visit(survey: Survey, token: str) -> str:
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    max_age = _setting("KINERJA_SURVEY_MAX_AGE", 2 * 3600)
    try:
        data = signer.unsign_object(token, max_age=timedelta(seconds=max_age))
    except signing.SignatureExpired:
        raise SurveyRefused(_("Formulir sudah kedaluwarsa; muat ulang halaman lalu isi kembali.")) from None
    except signing.BadSignature:
        raise SurveyRefused(_("Formulir tidak sah; muat ulang halaman lalu isi kembali.")) from None
    if not isinstance(data, dict) or data.get("s") != survey.pk or not isinstance(data.get("v"), str):
        raise SurveyRefused(_("Formulir tidak sah; muat ulang halaman lalu isi kembali."))
    return str(data["v"])


def _age_seconds(token: str) -> float:
    """Seconds since the token was signed (its timestamp is part of the signed value)."""
    stamp = token.rsplit(":", 2)[-2]
    return time.time() - signing.b62_decode(stamp)


def client_hash(request: Any) -> str:
    """A keyed hash of the client's address as the site resolves it (the sign-in throttle's
    ``AXES_CLIENT_IP_CALLABLE``, which knows the trusted proxies)."""
    resolve = import_string(settings.AXES_CLIENT_IP_CALLABLE)
    address = str(resolve(request) or "")
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def parse_answers(values: list[str], required: bool = True) -> list[int | None]:
    out: list[int | None] = []
    for (code, name), raw in zip(ELEMENTS, values, strict=True):
        text = (raw or "").strip()
        if not text:
            if required:
                raise SurveyRefused(
                    _("%(code)s (%(name)s) belum dijawab.") % {"code": code, "name": name}, field=code.lower()
                )
            out.append(None)
            continue
        if text not in ("1", "2", "3", "4"):
            raise SurveyRefused(
                _("%(code)s (%(name)s) harus 1, 2, 3 atau 4, bukan '%(text)s'.")
                % {"code": code, "name": name, "text": text[:20]},
                field=code.lower(),
            )
        out.append(int(text))
    return out


@dataclass(frozen=True)
class Profile:
    gender: str = ""
    age: int | None = None
    education: str = ""
    occupation: str = ""


def parse_profile(gender: str, age: str, education: str, occupation: str) -> Profile:
    gender = (gender or "").strip().upper()
    if gender not in ("", "L", "P"):
        raise SurveyRefused(_("Jenis kelamin harus L atau P."), field="gender")
    education = (education or "").strip().lower()
    if education not in ("", *(c for c, _label in SurveyResponse.EDUCATION)):
        raise SurveyRefused(
            _("Pendidikan harus salah satu dari: %(choices)s.")
            % {"choices": ", ".join(c for c, _label in SurveyResponse.EDUCATION)},
            field="education",
        )
    years: int | None = None
    if (age or "").strip():
        text = age.strip()
        if not text.isdigit() or not 10 <= int(text) <= 120:
            raise SurveyRefused(_("Usia harus bilangan bulat 10 sampai 120."), field="age")
        years = int(text)
    occupation = (occupation or "").strip()
    if len(occupation) > 100:
        raise SurveyRefused(_("Pekerjaan paling banyak 100 karakter."), field="occupation")
    return Profile(gender, years, education, occupation)


def submit_public(
    survey: Survey,
    *,
    token: str,
    honeypot: str,
    answers: list[str],
    profile: Profile,
    extra: list[str],
    client: str,
) -> SurveyResponse:
    """Take one answer from the public form, or raise ``SurveyRefused`` (nothing saved)."""
    if not survey.is_open:
        raise SurveyRefused(_("Survei ini sudah ditutup."), status=410)
    if honeypot.strip():
        raise SurveyRefused(_("Jawaban tidak diterima."))
    visit = _visit(survey, token)
    if _age_seconds(token) < _setting("KINERJA_SURVEY_MIN_SECONDS", 5):
        raise SurveyRefused(_("Jawaban dikirim terlalu cepat; periksa kembali jawaban Anda lalu kirim lagi."))
    limit = _setting("KINERJA_SURVEY_PER_HOUR", 20)
    since = timezone.now() - timedelta(hours=1)
    if (
        SurveyResponse.objects.filter(survey=survey, client_hash=client, submitted_at__gte=since).count()
        >= limit
    ):
        raise SurveyRefused(
            _("Terlalu banyak jawaban dari alamat ini dalam satu jam; coba lagi nanti."), status=429
        )
    values = parse_answers(answers)
    questions = list(survey.extra_questions or [])
    extra_answers = [(a or "").strip()[:1000] for a in extra[: len(questions)]]
    row = SurveyResponse(
        survey=survey,
        agency_id=survey.agency_id,
        gender=profile.gender,
        age=profile.age,
        education=profile.education,
        occupation=profile.occupation,
        extra_answers=extra_answers,
        channel="public",
        visit=visit,
        client_hash=client,
    )
    row.set_answers(values)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise SurveyRefused(
            _("Jawaban dari formulir ini sudah diterima; terima kasih."), status=409
        ) from None
    return row


# --- staff ----------------------------------------------------------------------------------


def require_entry(user: Any, unit: Unit) -> None:
    access.require(user, permissions.ENTER_REALIZATION, unit)


def add_service(user: Any, unit: Unit, name: str, description: str = "") -> SurveyService:
    require_entry(user, unit)
    name = (name or "").strip()
    if not name:
        raise SurveyRefused(_("Nama layanan wajib diisi."), field="name")
    if len(name) > 200:
        raise SurveyRefused(_("Nama layanan paling banyak 200 karakter."), field="name")
    if SurveyService.objects.filter(unit=unit, name=name).exists():
        raise SurveyRefused(
            _("Layanan '%(name)s' sudah ada di %(unit)s.") % {"name": name, "unit": unit.code}, field="name"
        )
    return SurveyService.objects.create(
        agency_id=unit.agency_id, unit=unit, name=name, description=description
    )


def survey_for(user: Any, service: SurveyService, year: int) -> Survey:
    """The service's questionnaire of ``year``, made when first asked for by someone who may enter."""
    found = Survey.objects.filter(service=service, year=year).first()
    if found is not None:
        return found
    require_entry(user, service.unit)
    survey, _created = Survey.objects.get_or_create(agency_id=service.agency_id, service=service, year=year)
    return survey


def update_survey(
    user: Any,
    survey: Survey,
    *,
    population: str,
    ikm: str,
    respondents: str,
    extra_questions: str,
    is_open: bool,
) -> Survey:
    """The questionnaire's settings and, for a survey done elsewhere, its IKM and respondents."""
    require_entry(user, survey.service.unit)

    def number(text: str, what: str, field: str) -> Decimal | None:
        if not (text or "").strip():
            return None
        try:
            return parse_number(text, indonesian=True)
        except KinerjaValidationError as exc:
            raise SurveyRefused(
                _("%(what)s: %(message)s") % {"what": what, "message": exc.message}, field=field
            ) from None

    pop = number(population, _("Populasi"), "population")
    if pop is not None and (pop != pop.to_integral_value() or pop < 1):
        raise SurveyRefused(_("Populasi harus bilangan bulat positif."), field="population")
    value = number(ikm, _("IKM"), "ikm")
    if value is not None and not Decimal(25) <= value <= Decimal(100):
        raise SurveyRefused(_("IKM harus 25 sampai 100 (PermenPAN-RB 14/2017)."), field="ikm")
    count = number(respondents, _("Jumlah responden"), "respondents")
    if count is not None and (count != count.to_integral_value() or count < 1):
        raise SurveyRefused(_("Jumlah responden harus bilangan bulat positif."), field="respondents")
    if (value is None) != (count is None):
        raise SurveyRefused(
            _("IKM dan jumlah responden diisi bersama, atau keduanya dikosongkan."), field="ikm"
        )
    questions = [q.strip()[:500] for q in (extra_questions or "").splitlines() if q.strip()][:20]
    survey.population = None if pop is None else int(pop)
    survey.entered_ikm = value
    survey.entered_respondents = None if count is None else int(count)
    survey.extra_questions = questions
    survey.is_open = is_open
    survey.save()
    return survey


def add_staff_response(user: Any, survey: Survey, answers: list[str], profile: Profile) -> SurveyResponse:
    """A respondent's paper form typed in by staff (blank elements allowed)."""
    require_entry(user, survey.service.unit)
    values = parse_answers(answers, required=False)
    if all(v is None for v in values):
        raise SurveyRefused(_("Isi paling sedikit satu jawaban U1..U9."), field="u1")
    row = SurveyResponse(
        survey=survey,
        agency_id=survey.agency_id,
        gender=profile.gender,
        age=profile.age,
        education=profile.education,
        occupation=profile.occupation,
        channel="staff",
    )
    row.set_answers(values)
    row.save()
    return row


def _rows_from_file(name: str, content: bytes) -> list[list[str]]:
    try:
        return read_table(name, content)
    except TableError as exc:
        raise SurveyRefused(
            {
                "xlsx": _("Berkas XLSX tidak terbaca."),
                "utf8": _("Berkas CSV bukan teks UTF-8."),
            }.get(exc.kind, _("Berkas harus CSV atau XLSX."))
        ) from None


def _cell_number(text: str) -> str:
    """A cell as typed: ``4``, ``4.0`` (a spreadsheet number) -> ``4``."""
    if text.endswith(".0") and text[:-2].isdigit():
        return text[:-2]
    return text


def import_rows(user: Any, survey: Survey, name: str, content: bytes) -> int:
    """Respondents from a CSV/XLSX file with a header row naming ``u1``..``u9`` (and optionally
    ``jenis_kelamin``, ``usia``, ``pendidikan``, ``pekerjaan``); all rows or none."""
    require_entry(user, survey.service.unit)
    rows = [r for r in _rows_from_file(name, content) if any(c for c in r)]
    if not rows:
        raise SurveyRefused(_("Berkas kosong."))
    header = [h.strip().lower().replace(" ", "_") for h in rows[0]]
    missing = [c.upper() for c in ELEMENT_COLUMNS if c not in header]
    if missing:
        raise SurveyRefused(
            _(
                "Baris 1 (judul kolom): kolom %(columns)s tidak ada; judul yang diharapkan: "
                "u1..u9, lalu boleh jenis_kelamin, usia, pendidikan, pekerjaan."
            )
            % {"columns": ", ".join(missing)}
        )
    unknown = [h for h in header if h and h not in ELEMENT_COLUMNS and h not in PROFILE_COLUMNS]
    if unknown:
        raise SurveyRefused(
            _("Baris 1 (judul kolom): kolom '%(column)s' tidak dikenal.") % {"column": unknown[0]}
        )
    if len(rows) - 1 > MAX_IMPORT_ROWS:
        raise SurveyRefused(_("Paling banyak %(n)s responden per berkas.") % {"n": MAX_IMPORT_ROWS})
    col = {h: i for i, h in enumerate(header) if h}
    made = []
    for number, row in enumerate(rows[1:], start=2):

        def cell(key: str, row: list[str] = row) -> str:
            i = col.get(key)
            return _cell_number(row[i]) if i is not None and i < len(row) else ""

        try:
            values = parse_answers([cell(c) for c in ELEMENT_COLUMNS], required=False)
            profile = parse_profile(
                cell("jenis_kelamin"), cell("usia"), cell("pendidikan"), cell("pekerjaan")
            )
        except SurveyRefused as exc:
            column = (
                exc.field.upper() if exc.field.startswith("u") else _PROFILE_COLUMN.get(exc.field, exc.field)
            )
            raise SurveyRefused(
                _("Baris %(number)s, kolom %(column)s: %(message)s")
                % {"number": number, "column": column, "message": exc.message}
            ) from None
        if all(v is None for v in values):
            raise SurveyRefused(_("Baris %(number)s: tidak ada jawaban U1..U9.") % {"number": number})
        response = SurveyResponse(
            survey=survey,
            agency_id=survey.agency_id,
            gender=profile.gender,
            age=profile.age,
            education=profile.education,
            occupation=profile.occupation,
            channel="import",
        )
        response.set_answers(values)
        made.append(response)
    with transaction.atomic():
        SurveyResponse.objects.bulk_create(made)
        # bulk_create sends no signal: the stored results of the unit-year are made stale here
        survey.save(update_fields=["is_open"])
    return len(made)


_PROFILE_COLUMN = {
    "gender": "jenis_kelamin",
    "age": "usia",
    "education": "pendidikan",
    "occupation": "pekerjaan",
}


# --- what the pages show ----------------------------------------------------------------------


def survey_document(unit: Unit, year: int) -> Any:
    """The surveys of ``unit`` and the units beneath it in ``year`` as a ``Document`` (with the
    units that place them), for ``kinerja.figures.skm``."""
    from kinerja.interchange import document as d
    from kinerja.interchange.surveys import export_surveys

    surveys, beneath = export_surveys(unit.agency, {unit.pk}, {unit.pk: unit.code}, year, subtree=True)
    return d.Document(units=beneath, surveys=surveys)


def public_survey(key: str) -> Survey | None:
    """The open questionnaire behind a public link: the service's latest year."""
    return (
        Survey.objects.filter(service__public_key=key)
        .select_related("service", "service__unit")
        .order_by("-year")
        .first()
    )
