"""kg draft: amounts, percentages, counts, ordinals, days, spans, years and periods parsed to values."""

from decimal import Decimal

import pytest

from govkg.draft.quantities import QuantityFinder
from govkg.draft.rules import load_rules

RULES = load_rules()


def found(text: str, year: int | None = None) -> list[tuple]:
    finder = QuantityFinder(RULES, year)
    return [(q.kind, q.text, q.value, q.end_value, q.currency, q.relation, q.period) for q in finder.find(text)]


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("to increase trade to $2 billion.", Decimal("2000000000"), "USD"),
        ("worth $260 million", Decimal("260000000"), "USD"),
        ("reached 260 million US dollars", Decimal("260000000"), "USD"),
        ("reached 1.5 billion US dollars", Decimal("1500000000"), "USD"),
        ("a loan of USD 3.2 bln", Decimal("3200000000"), "USD"),
        ("1,250.5 million euros", Decimal("1250500000"), "EUR"),
        ("120 million soms for the road", Decimal("120000000"), "KGS"),
    ],
)
def test_money_in_whole_units_with_its_currency(text, value, currency):
    [(kind, _, parsed, _, code, _, _)] = found(text)
    assert (kind, parsed, code) == ("money", value, currency)


def test_percentages_counts_units_and_ordinals():
    assert found("grew by 26 percent and 12% more")[0][:3] == ("percent", "26 percent", Decimal("26"))
    assert found("grew by 26 percent and 12% more")[1][:3] == ("percent", "12%", Decimal("12"))
    [count, money] = found("exports of 195 commodity items worth $260 million")
    assert count[:3] == ("count", "195", 195) and money[0] == "money"
    assert found("to supply 500 thousand tonnes of grain")[0][:3] == (
        "quantity",
        "500 thousand tonnes",
        Decimal("500000"),
    )
    assert [q[:3] for q in found("the sixth meeting, of the first degree, the 21st session")] == [
        ("ordinal", "sixth meeting", 6),
        ("ordinal", "first degree", 1),
        ("ordinal", "21st session", 21),
    ]
    assert found("for 3 years, 2 times") == []  # not counts


def test_days_and_spans_take_the_year_of_the_text_before_else_the_reports():
    finder = QuantityFinder(RULES, 2023)
    [span] = finder.find("On 18-19 April 2024, the President made a visit.")
    assert (span.kind, span.value, span.end_value) == ("span", "2024-04-18", "2024-04-19")
    [day] = finder.find("On 19 April the Presidents held talks.")
    assert (day.kind, day.value) == ("day", "2024-04-19")
    assert [(q.kind, q.value, q.end_value) for q in QuantityFinder(RULES, 2025).find("from 30 May to 2 June")] == [
        ("span", "2025-05-30", "2025-06-02")
    ]
    assert [q.value for q in QuantityFinder(RULES).find("On April 5, 2025 and on 2025-06-01")] == [
        "2025-04-05",
        "2025-06-01",
    ]
    assert QuantityFinder(RULES).find("on 19 April")[0].value == ""  # no year known: left to a TODO


def test_years_and_periods():
    assert [q[1:] for q in found("grew in 2023, by 2030, until 2030, since 2020, for 2024-2026")] == [
        ("in 2023", "2023", "", "", "within", ""),
        ("by 2030", "2030", "", "", "end", ""),
        ("until 2030", "2030", "", "", "end", ""),
        ("since 2020", "2020", "", "", "begin", ""),
        ("for 2024-2026", "2024", "2026", "", "span", ""),
    ]
    assert found("for the growing season of 2024")[0][6] == "growing season"
    assert found("the 2024 growing season")[0][6] == "growing season"
