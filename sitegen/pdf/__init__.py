"""Render the print edition: prepared documents into accessible PDFs.

``render`` turns one document into print HTML through the theme's print
templates and renders it with WeasyPrint (PDF/UA-1); ``tags`` repairs the
structure tree WeasyPrint writes so that it says what the document means;
``pool`` renders many documents in worker processes, with a cache and a
progress bar. A change to the PDF touches these files and the theme's
``print/`` templates and ``pdf.css``, nothing else.
"""
