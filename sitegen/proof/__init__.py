"""Proof sheets: the PDFs of a project -> a contact sheet of every page, for the last look before publication.

``sitegen proof`` renders the chosen documents' PDFs (as ``sitegen pdf`` does, from the cache where
they are current), draws each page as an image with poppler's ``pdftoppm`` and writes
``build/proof/index.html``: every page of every chosen PDF side by side, at a size to judge a layout,
with the pages that the copy-fit check of ``sitegen check`` flags (:mod:`sitegen.audit.copyfit`)
outlined and named.
"""

from sitegen.proof.sheet import ProofMissing, ProofResult, write_proof

__all__ = ["ProofMissing", "ProofResult", "write_proof"]
