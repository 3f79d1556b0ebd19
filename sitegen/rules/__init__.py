"""Check: the inspectorate's house rules, and typed content checked against them.

``framework`` turns the framework data shipped in ``frameworks/`` (standards,
key questions, bands, decision rules) into typed objects; ``house`` holds the
rules as small pure functions (figures to ratings, ratings to a score and an
overall rating, the decision rules) that the checks and the templates share;
``checks`` turns content that breaks a rule into problems on its YAML lines.
"""
