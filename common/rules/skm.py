"""SKM, the citizen satisfaction survey of PermenPAN-RB 14/2017, and its index (IKM).

Nine elements (*unsur*) are each answered 1-4. NRR (mean answer) per element; IKM = sum(NRR_i x 1/9) x 25 on a
25-100 scale. The regulation's worked example rounds the weight 1/9 to 0.11, which scales every score by 0.99 and
can drop a unit one grade; we use the exact 1/9 (as DOMAIN.md requires) and exact rational arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal

from common.rules.errors import FieldError

Grade = Literal["A", "B", "C", "D"]


@dataclass(frozen=True, slots=True)
class SkmElement:
    """One of the nine survey elements with its question and its own four answer wordings (1 = worst)."""

    number: int
    code: str
    name_id: str
    name_en: str
    question_id: str
    question_en: str
    answers_id: tuple[str, str, str, str]
    answers_en: tuple[str, str, str, str]


# Order and numbering follow the regulation's list of elements (and DOMAIN.md). The regulation's sample
# questionnaire asks about facilities (Q8) before complaint handling (Q9); we keep the element order so that
# answer position i always means element i, and the kiosk shows questions in this order too.
ELEMENTS: tuple[SkmElement, ...] = (
    SkmElement(
        1, "persyaratan", "Persyaratan", "Requirements",
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        "How well do the service requirements match the type of service?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        ("Not appropriate", "Less appropriate", "Appropriate", "Very appropriate"),
    ),
    SkmElement(
        2, "prosedur", "Sistem, Mekanisme, dan Prosedur", "System, mechanism and procedure",
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        "How easy is the service procedure at this unit?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
        ("Not easy", "Less easy", "Easy", "Very easy"),
    ),
    SkmElement(
        3, "waktu", "Waktu Penyelesaian", "Completion time",
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        "How fast was the service delivered?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
        ("Not fast", "Less fast", "Fast", "Very fast"),
    ),
    SkmElement(
        4, "biaya", "Biaya/Tarif", "Cost/tariff",
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        "How fair is the cost/tariff of the service?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
        ("Very expensive", "Rather expensive", "Cheap", "Free"),
    ),
    SkmElement(
        5, "produk", "Produk Spesifikasi Jenis Pelayanan", "Service product specification",
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
        "pelayanan dengan hasil yang diberikan?",
        "How well does the service result match what the service standard promises?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        ("Not appropriate", "Less appropriate", "Appropriate", "Very appropriate"),
    ),
    SkmElement(
        6, "kompetensi", "Kompetensi Pelaksana", "Staff competence",
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        "How competent were the staff serving you?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
        ("Not competent", "Less competent", "Competent", "Very competent"),
    ),
    SkmElement(
        7, "perilaku", "Perilaku Pelaksana", "Staff behaviour",
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
        "How polite and friendly were the staff?",
        ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"),
        ("Not polite and friendly", "Less polite and friendly", "Polite and friendly", "Very polite and friendly"),
    ),
    SkmElement(
        8, "pengaduan", "Penanganan Pengaduan, Saran dan Masukan", "Handling of complaints, suggestions and input",
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        "How are complaints from service users handled?",
        ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"),
        ("None", "Exists but does not work", "Works, but not fully", "Well managed"),
    ),
    SkmElement(
        9, "sarana", "Sarana dan Prasarana", "Facilities and infrastructure",
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        "How good are the facilities and infrastructure?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
        ("Poor", "Fair", "Good", "Very good"),
    ),
)  # fmt: skip

ELEMENT_COUNT = len(ELEMENTS)

# (lower bound of the 2-decimal IKM, grade, label id, label en), highest first; from the regulation's table.
_GRADES: tuple[tuple[Decimal, Grade, str, str], ...] = (
    (Decimal("88.31"), "A", "Sangat baik", "Very good"),
    (Decimal("76.61"), "B", "Baik", "Good"),
    (Decimal("65.00"), "C", "Kurang baik", "Poor"),
    (Decimal("25.00"), "D", "Tidak baik", "Bad"),
)


@dataclass(frozen=True, slots=True)
class IkmResult:
    """The index of a set of responses. With ``n == 0`` every figure is None and ``nrr`` is empty."""

    n: int
    nrr: tuple[float, ...]
    ikm: float | None
    """Unrounded index, 25..100."""
    ikm_rounded: Decimal | None
    """The published figure: ``ikm`` rounded half-up to 2 decimals; the grade is read from this value."""
    grade: Grade | None
    label_id: str | None
    label_en: str | None


def validate_answers(answers: Sequence[int]) -> tuple[int, ...]:
    """Return ``answers`` as a tuple after checking there are exactly nine ints, each 1..4."""
    if isinstance(answers, str | bytes) or len(answers) != ELEMENT_COUNT:
        raise FieldError(
            "answers",
            f"Harus ada tepat {ELEMENT_COUNT} jawaban",
            f"exactly {ELEMENT_COUNT} answers are required",
        )
    for index, answer in enumerate(answers):
        # bool is an int subclass; True as "1" would hide a UI bug.
        if type(answer) is not int or not 1 <= answer <= 4:
            raise FieldError(
                f"answers[{index}]",
                f"Jawaban unsur {index + 1} harus angka 1 sampai 4, tertulis {answer!r}",
                f"answer to element {index + 1} must be an integer 1 to 4, got {answer!r}",
            )
    return tuple(answers)


def _round2(value: Fraction) -> Decimal:
    # Exact half-up rounding of a rational: binary floats cannot hold 88.305 exactly.
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def grade_for(ikm_rounded: Decimal) -> tuple[Grade, str, str]:
    """Return (grade, label_id, label_en) for an IKM already rounded to 2 decimals.

    Rounding first makes the regulation's bands contiguous: 88.305 rounds to 88.31 and is an A, 88.3049 rounds
    to 88.30 and is a B.
    """
    for lower, grade, label_id, label_en in _GRADES:
        if ikm_rounded >= lower:
            return grade, label_id, label_en
    raise ValueError(f"IKM {ikm_rounded} is below the minimum 25.00")


def ikm_from_sums(n: int, sums_per_element: Sequence[int]) -> IkmResult:
    """Compute the index from ``n`` responses and the SUM of answers per element (e.g. from a SQL aggregate)."""
    if type(n) is not int or n < 0:
        raise ValueError(f"n must be a non-negative int, got {n!r}")
    if len(sums_per_element) != ELEMENT_COUNT:
        raise ValueError(f"expected {ELEMENT_COUNT} sums, got {len(sums_per_element)}")
    for total in sums_per_element:
        # Each answer is 1..4, so a sum outside n..4n cannot come from valid responses.
        if not n <= total <= 4 * n:
            raise ValueError(f"sum {total} impossible for {n} responses (must be {n}..{4 * n})")
    if n == 0:
        return IkmResult(0, (), None, None, None, None, None)
    nrr = tuple(Fraction(total, n) for total in sums_per_element)
    ikm = sum(nrr, Fraction(0)) * Fraction(1, ELEMENT_COUNT) * 25  # exact 1/9
    rounded = _round2(ikm)
    grade, label_id, label_en = grade_for(rounded)
    return IkmResult(n, tuple(float(x) for x in nrr), float(ikm), rounded, grade, label_id, label_en)


def compute_ikm(responses: Iterable[Sequence[int]]) -> IkmResult:
    """Validate every response (nine answers 1..4) and compute the index; no responses gives an empty result."""
    n = 0
    sums = [0] * ELEMENT_COUNT
    for response in responses:
        for index, answer in enumerate(validate_answers(response)):
            sums[index] += answer
        n += 1
    return ikm_from_sums(n, sums)
