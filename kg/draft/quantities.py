"""Amounts, percentages, counts, dates, spans, years and periods in a sentence, parsed to values for typed literals.

Money: "$2 billion", "260 million US dollars", "USD 1.5 bn" -> a decimal in whole units and an ISO 4217 code.
Percentages: "26 percent", "12%" -> a decimal. Counts: "195 commodity items" -> an integer and its noun.
Days and spans: "18-19 April 2024", "on 19 April" (the year from the text before, else the report's date),
"April 18, 2024", "2024-04-18". Years: "in 2023" (a period within the year), "until 2030" / "by 2030" (a period
that ends in it), "since 2020", "2024-2026", and named periods ("the growing season of 2024").
The words are in rules/quantities.toml.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .ontology import key
from .rules import Rules

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_YEAR = r"(?:1[89]\d{2}|2[01]\d{2})"


@dataclass(frozen=True)
class Quantity:
    """A quantity found in a sentence: its kind, where it is, its words and its value(s)."""

    kind: str  # money, percent, quantity (with a unit), count, ordinal, day, span, year
    start: int
    end: int
    text: str
    value: Decimal | int | str = ""
    end_value: str = ""  # the last day of a span, the last year of a year span
    currency: str = ""  # ISO 4217 code of money
    noun: str = ""  # what a count counts
    relation: str = ""  # for a year: within, end or begin
    period: str = ""  # for a named period: the words that name it ("growing season")


def number(text: str) -> Decimal:
    """The value of a number written with thousands separators and a decimal point."""
    return Decimal(text.replace(",", ""))


def _plain(value: Decimal) -> Decimal:
    """A decimal without an exponent or trailing zeros ("2E+9" -> 2000000000, "1.50" -> 1.5)."""
    text = format(value, "f")
    return Decimal(text.rstrip("0").rstrip(".") if "." in text else text)


class QuantityFinder:
    """Finds the quantities of sentences with the rules' words; remembers the last year named for "on 19 April"."""

    def __init__(self, rules: Rules, default_year: int | None = None):
        self.rules = rules
        self.year = default_year
        months = rules.words("months")
        self.months = {month.lower(): index for index, month in enumerate(months, 1)}
        self.months.update({month.lower()[:3]: index for index, month in enumerate(months, 1)})
        month = "|".join(sorted((re.escape(m) for m in self.months), key=len, reverse=True))
        dash = r"\s*(?:[-–—]|to|until|till)\s*"
        self.day_patterns = [
            re.compile(rf"\b(\d{{1,2}}){dash}(\d{{1,2}})\s+({month})\.?(?:,?\s+({_YEAR}))?\b", re.I),
            re.compile(rf"\b(\d{{1,2}})\s+({month})\.?{dash}(\d{{1,2}})\s+({month})\.?(?:,?\s+({_YEAR}))?\b", re.I),
            re.compile(rf"\b(\d{{1,2}})\s+({month})\.?(?:,?\s+({_YEAR}))?\b", re.I),
            re.compile(rf"\b({month})\.?\s+(\d{{1,2}})(?:{dash}(\d{{1,2}}))?(?:,\s*({_YEAR}))?\b", re.I),
            re.compile(rf"\b({_YEAR})-(\d{{2}})-(\d{{2}})\b"),
        ]
        self.amount = re.compile(rules.amount_pattern, re.I)
        self.scales = {k.lower(): Decimal(v) for k, v in rules.table("scales").items()}
        self.symbols = rules.table("currency_symbols")
        self.currency_words = {k.lower(): v for k, v in rules.table("currency_words").items()}
        self.percent_words = [word.lower() for word in rules.words("percent_words")]
        self.year_words = {k.lower(): v for k, v in rules.table("year_words").items()}
        self.period_words = {key(k): v for k, v in rules.table("period_words").items()}
        self.not_counts = {word.lower() for word in rules.words("not_counts")}
        self.ordinals = {word.lower(): index for index, word in enumerate(rules.words("ordinals"), 1)}

    def find(self, text: str, extra_periods: dict[str, str] | None = None) -> list[Quantity]:
        """The quantities of one sentence, in text order; ``extra_periods`` adds period words (the ontology's)."""
        found: list[Quantity] = []
        taken: list[tuple[int, int]] = []

        def free(start: int, end: int) -> bool:
            return all(end <= s or start >= e for s, e in taken)

        def keep(quantity: Quantity) -> None:
            found.append(quantity)
            taken.append((quantity.start, quantity.end))

        for quantity in self._days(text):
            if free(quantity.start, quantity.end):
                keep(quantity)
        for match in self.amount.finditer(text):
            if free(match.start(), match.end()):
                keep(self._amount(match))
        periods = {**self.period_words, **(extra_periods or {})}
        for quantity in self._years(text, periods):
            if free(quantity.start, quantity.end):
                keep(quantity)
        ordinals = "|".join(self.ordinals)
        for match in re.finditer(rf"\b({ordinals}|\d+(?:st|nd|rd|th))\s+([a-z]+)\b", text, re.I):
            if free(match.start(), match.end(1)):
                word = match.group(1).lower()
                rank = self.ordinals[word] if word in self.ordinals else int(word[:-2])
                keep(Quantity("ordinal", match.start(), match.end(), match.group(), rank, noun=match.group(2).lower()))
        for match in re.finditer(rf"(?<![\w.,$€£¥-])({_NUMBER})\s+([a-z][a-z-]*(?:\s[a-z][a-z-]*)?)", text):
            digits, noun = match.group(1), match.group(2)
            if "." in digits or not free(match.start(), match.end(1)) or noun.split()[0] in self.not_counts:
                continue
            counted = self._count_noun(noun)
            keep(Quantity("count", match.start(), match.end(1), digits, int(number(digits)), noun=counted))
        return sorted(found, key=lambda q: q.start)

    def _count_noun(self, words: str) -> str:
        """The counted noun: a noun of the rules' count properties if the words start with one, else the first word."""
        for noun in sorted(self.rules.table("count_properties"), key=len, reverse=True):
            if words.lower().startswith(noun.lower()):
                return noun
        return words.split()[0]

    def _date(self, day: str, month: str, year: str | None) -> str:
        if year:
            self.year = int(year)
        if self.year is None:
            return ""
        month_number = self.months[month.lower().rstrip(".")[:3]] if len(month) > 2 else int(month)
        try:
            return date(self.year, month_number, int(day)).isoformat()
        except ValueError:
            return ""

    def _days(self, text: str) -> list[Quantity]:
        found: list[Quantity] = []
        spans: list[tuple[int, int]] = []
        for index, pattern in enumerate(self.day_patterns):
            for m in pattern.finditer(text):
                if any(m.start() < e and m.end() > s for s, e in spans):
                    continue
                groups = m.groups()
                if index == 0:
                    first = self._date(groups[0], groups[2], groups[3])
                    last = self._date(groups[1], groups[2], groups[3])
                elif index == 1:
                    first = self._date(groups[0], groups[1], groups[4])
                    last = self._date(groups[2], groups[3], groups[4])
                elif index == 2:
                    first = last = self._date(groups[0], groups[1], groups[2])
                elif index == 3:
                    first = self._date(groups[1], groups[0], groups[3])
                    last = self._date(groups[2], groups[0], groups[3]) if groups[2] else first
                else:
                    first = last = self._date(groups[2], groups[1], groups[0])
                kind = "day" if first == last else "span"
                found.append(Quantity(kind, m.start(), m.end(), m.group(), first, last if kind == "span" else ""))
                spans.append((m.start(), m.end()))
        return found

    def _amount(self, match: re.Match) -> Quantity:
        words = match.group()
        lower = words.lower()
        value_text = re.search(_NUMBER, words)
        value = number(value_text.group()) if value_text else Decimal(0)
        if any(lower.endswith(word) for word in self.percent_words):
            return Quantity("percent", match.start(), match.end(), words, _plain(value))
        unit = any(lower.endswith(" " + word.lower()) for word in self.rules.words("units"))
        for scale, factor in sorted(self.scales.items(), key=lambda item: -len(item[0])):
            if re.search(rf"(?<![a-z]){re.escape(scale)}(?![a-z])", lower):
                value *= factor
                break
        currency = next((code for symbol, code in self.symbols.items() if words.startswith(symbol)), "")
        if not currency:
            currency = next(
                (code for word, code in sorted(self.currency_words.items(), key=lambda i: -len(i[0])) if word in lower),
                "",
            )
        kind = "quantity" if unit and not currency else "money"
        return Quantity(kind, match.start(), match.end(), words, _plain(value), currency=currency)

    def _years(self, text: str, periods: dict[str, str]) -> list[Quantity]:
        found = []
        for m in re.finditer(rf"\b({_YEAR})(?:\s*[-–—]\s*({_YEAR}))?\b(?![-.,]\d)", text):
            before = text[: m.start()].rstrip()
            word = before.rsplit(None, 1)[-1].lower() if before else ""
            start, period = m.start(), ""
            for words in sorted(periods, key=len, reverse=True):
                named = re.search(rf"\b(?:the\s+)?{re.escape(words)}\s+(?:of|for|in)\s*$", key(before) + " ")
                after = re.match(rf"{re.escape(words)}\b", key(text[m.end() :]))
                if named or after:
                    period = words
                    break
            relation = "span" if m.group(2) else self.year_words.get(word, "within")
            if word in self.year_words and not period:
                start = before.lower().rfind(word)
            words = text[start : m.end()]
            found.append(
                Quantity("year", start, m.end(), words, m.group(1), m.group(2) or "", relation=relation, period=period)
            )
        return found
