"""SKM elements and the IKM index (PermenPAN-RB 14/2017), with hand-computed expectations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from common.rules.errors import FieldError
from common.rules.skm import ELEMENTS, compute_ikm, grade_for, ikm_from_sums, validate_answers


def test_nine_elements_in_the_regulation_order() -> None:
    assert [e.name_id for e in ELEMENTS] == [
        "Persyaratan",
        "Sistem, Mekanisme, dan Prosedur",
        "Waktu Penyelesaian",
        "Biaya/Tarif",
        "Produk Spesifikasi Jenis Pelayanan",
        "Kompetensi Pelaksana",
        "Perilaku Pelaksana",
        "Penanganan Pengaduan, Saran dan Masukan",
        "Sarana dan Prasarana",
    ]
    assert [e.number for e in ELEMENTS] == list(range(1, 10))
    assert len({e.code for e in ELEMENTS}) == 9


def test_each_element_has_its_own_answer_wording() -> None:
    by_name = {e.name_id: e for e in ELEMENTS}
    assert by_name["Persyaratan"].answers_id == ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")
    assert by_name["Waktu Penyelesaian"].answers_id == (
        "Tidak cepat",
        "Kurang cepat",
        "Cepat",
        "Sangat cepat",
    )
    assert by_name["Biaya/Tarif"].answers_id == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")
    assert by_name["Kompetensi Pelaksana"].answers_id[3] == "Sangat kompeten"
    assert by_name["Perilaku Pelaksana"].answers_id[0] == "Tidak sopan dan ramah"
    assert by_name["Penanganan Pengaduan, Saran dan Masukan"].answers_id == (
        "Tidak ada",
        "Ada tetapi tidak berfungsi",
        "Berfungsi kurang maksimal",
        "Dikelola dengan baik",
    )
    assert by_name["Sarana dan Prasarana"].answers_id == ("Buruk", "Cukup", "Baik", "Sangat baik")
    for element in ELEMENTS:
        assert len(set(element.answers_id)) == len(set(element.answers_en)) == 4
        assert element.question_id.endswith("?") and element.question_en.endswith("?")


# Four respondents, worked by hand like the regulation's example.
WORKED = [
    (3, 3, 3, 4, 3, 3, 4, 3, 3),
    (4, 3, 3, 4, 3, 4, 4, 2, 3),
    (3, 2, 3, 4, 3, 3, 3, 3, 4),
    (3, 3, 2, 4, 4, 3, 4, 3, 3),
]


def test_worked_example() -> None:
    result = compute_ikm(WORKED)
    # Column sums 13, 11, 11, 16, 13, 13, 15, 11, 13 over 4 respondents.
    assert result.n == 4
    assert result.nrr == (3.25, 2.75, 2.75, 4.0, 3.25, 3.25, 3.75, 2.75, 3.25)
    # Sum of NRR = 29; 29 x 1/9 x 25 = 80.5555...
    assert result.ikm == pytest.approx(2900 / 36)
    assert result.ikm_rounded == Decimal("80.56")
    assert (result.grade, result.label_id, result.label_en) == ("B", "Baik", "Good")


def test_exact_weight_versus_the_regulations_rounded_011() -> None:
    result = compute_ikm(WORKED)
    assert result.ikm is not None
    with_011 = sum(result.nrr) * 0.11 * 25  # the example in the regulation: 29 x 0.11 x 25 = 79.75
    assert with_011 == pytest.approx(79.75)
    assert with_011 / result.ikm == pytest.approx(0.99)  # 0.11 x 9 = 0.99: about 1% lower


def test_the_rounded_weight_can_cost_a_grade() -> None:
    result = compute_ikm([(4, 4, 4, 4, 4, 4, 4, 2, 2)])  # 32 / 9 x 25 = 88.888...
    assert result.ikm_rounded == Decimal("88.89") and result.grade == "A"
    assert sum(result.nrr) * 0.11 * 25 == pytest.approx(88.0)  # would be a B with 0.11


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        ("100.00", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_grade_boundaries(value: str, grade: str) -> None:
    assert grade_for(Decimal(value))[0] == grade


def test_values_between_bands_are_rounded_half_up_first() -> None:
    # 5000 respondents with every element summing to 17661: IKM = 25 x 158949 / 45000 = 88.305 exactly.
    between = ikm_from_sums(5000, [17661] * 9)
    assert between.ikm_rounded == Decimal("88.31") and between.grade == "A"
    # One answer point less: 25 x 158948 / 45000 = 88.30444... -> 88.30, a B.
    below = ikm_from_sums(5000, [17661] * 8 + [17660])
    assert below.ikm_rounded == Decimal("88.30") and below.grade == "B"


def test_extremes() -> None:
    worst, best = compute_ikm([(1,) * 9]), compute_ikm([(4,) * 9] * 3)
    assert (worst.ikm, worst.grade, worst.label_id) == (25.0, "D", "Tidak baik")
    assert (best.ikm, best.grade, best.label_id) == (100.0, "A", "Sangat baik")
    with pytest.raises(ValueError):
        grade_for(Decimal("24.99"))


def test_no_responses() -> None:
    for result in (compute_ikm([]), ikm_from_sums(0, [0] * 9)):
        assert (result.n, result.nrr, result.ikm, result.ikm_rounded, result.grade) == (
            0,
            (),
            None,
            None,
            None,
        )
        assert result.label_id is None and result.label_en is None


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ((3,) * 8, "answers"),
        ((3,) * 10, "answers"),
        ("333333333", "answers"),
        ((3, 3, 3, 3, 0, 3, 3, 3, 3), "answers[4]"),
        ((3, 3, 3, 3, 3, 3, 3, 3, 5), "answers[8]"),
        ((True, 3, 3, 3, 3, 3, 3, 3, 3), "answers[0]"),
        ((3, 3.0, 3, 3, 3, 3, 3, 3, 3), "answers[1]"),
    ],
)
def test_validate_answers_rejects(answers: tuple[object, ...], field: str) -> None:
    with pytest.raises(FieldError) as caught:
        validate_answers(answers)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert caught.value.message_id and caught.value.message_en


def test_validate_answers_accepts_and_returns_a_tuple() -> None:
    assert validate_answers([1, 2, 3, 4, 1, 2, 3, 4, 1]) == (1, 2, 3, 4, 1, 2, 3, 4, 1)


@pytest.mark.parametrize(
    ("n", "sums"),
    [(-1, [0] * 9), (2, [4] * 8), (2, [9] + [4] * 8), (2, [1] + [4] * 8), (0, [1] + [0] * 8)],
)
def test_ikm_from_sums_rejects_impossible_aggregates(n: int, sums: list[int]) -> None:
    with pytest.raises(ValueError):
        ikm_from_sums(n, sums)


RESPONSES = st.lists(st.tuples(*[st.integers(min_value=1, max_value=4)] * 9), min_size=1, max_size=40)


@settings(max_examples=100, deadline=None)
@given(responses=RESPONSES)
def test_sums_path_equals_row_path_and_the_formula(responses: list[tuple[int, ...]]) -> None:
    result = compute_ikm(responses)
    sums = [sum(column) for column in zip(*responses, strict=True)]
    assert ikm_from_sums(len(responses), sums) == result
    expected = sum(s / len(responses) for s in sums) / 9 * 25
    assert result.ikm == pytest.approx(expected)
    assert result.ikm is not None and 25 <= result.ikm <= 100
    assert result.grade is not None
