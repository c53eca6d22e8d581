"""The language layer: what the user typed becomes phrases, phrases fill typed slots in
sentence templates, and checks hold every draft to its facts. Pure: no database.

``phrases`` (notes → phrases), ``time`` (dates → words), ``compose`` (templates,
sentences), ``letters`` (one message per person, every kind), ``checks`` (what a draft
must never do). See docs/coach.md, "How a draft is written".
"""
