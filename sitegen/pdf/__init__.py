"""Render the print edition: prepared documents into accessible PDFs.

``render`` turns one document into print HTML through the theme's print
templates and renders it with WeasyPrint (PDF/UA-1), whose tagging pass
``tags`` replaces so that the structure tree says what the document means;
``pool`` renders many documents in worker processes started once and reused,
with a cache and a progress bar; ``options`` says how PDFs are made. A change to the PDF touches these files and the theme's
``print/`` templates and ``pdf.css``, nothing else.
"""
