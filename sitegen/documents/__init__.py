"""Prepare: turn a checked report or letter into the view its templates render.

Everything computed lives here, once, for the web page and the PDF alike:
``markdown`` turns an author's Markdown into safe HTML with numbered
footnotes, ``report`` prepares a PDU report (ratings, score, footnotes,
contents) and ``letter`` a regional letter with its annexes drawn from the
PDUs it names; ``summary`` is what other pages show of a document (kept
between builds); ``typography`` keeps dates, postcodes and house numbers from
breaking across lines, in both editions.
"""
