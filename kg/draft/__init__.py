"""From a report's text to its encoding: `kg new` (a new report in a project: its text, article, sentences and a
skeleton) and `kg draft` (a first encoding proposed from the text, offline and deterministic).

Modules: ``text`` (reading and sentence splitting), ``rules`` (the data files of ``rules/`` and a project's
``draft-rules.toml``), ``ontology`` (the terms and shapes, read at run time), ``knowledge`` (the entities already
known: store, curated Wikidata table, states), ``quantities`` (amounts, dates, years), ``mentions`` (names, posts,
groups, new entities), ``draft`` (events and statements; the draft), ``turtle`` (writing Turtle with comments),
``article`` (article, sentences, `kg new`), ``score`` (a draft against a hand encoding, for the benchmark).
"""
