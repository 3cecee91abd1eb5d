"""The data map as code: every stored and sent field with its data class and retention.

`classes` holds the vocabulary and the retention rules; `inventory` walks the tables' items, the models
kept in their documents and the event catalogue; `python -m shared.datamap` (make datamap) writes
docs/data-map.md, and `--check` fails naming any field without a class or a stale map.
"""
