"""What a SPARQL tokenizer skips when it looks for the words of a query (keywords, variables, prefixed names)."""

#: A comment (it ends at CR or LF), a string with its escapes, or an IRI, as pyoxigraph's tokenizer reads them.
SKIPPED = "|".join(
    [
        r"\#[^\r\n]*",
        r"'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''",
        r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""',
        r"'(?:[^'\\\r\n]|\\.)*'",
        r'"(?:[^"\\\r\n]|\\.)*"',
        r"<[^<>\"{}|^`\x00-\x20]*>",
    ]
)
