"""Small ritual files the run tests share."""

THREE_TENS = """\
format: 1
id: three-tens
title: Three tens
steps:
  - {zone: cheeks, title: One, say: First step., seconds: 10}
  - {zone: jawline, title: Two, say: Second step., seconds: 10}
  - {zone: forehead, title: Three, say: Third step., seconds: 10}
"""
