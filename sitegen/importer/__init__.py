"""Import: a published report (PDF or extracted text) -> a draft content file and an import report.

``textsource`` and ``pdfsource`` read a source into the same blocks
(``blocks``); ``recognise`` cuts a PDU report into its chapters and reads the
small ones, ``frontmatter`` its cover, inside cover and foreword,
``findings`` its standards, sub-sections and outcomes, and ``entries`` their
lists in the model's forms (bullets with their paragraphs and nested lists,
paragraphs, quotations, practice examples); ``ownwords`` turns headings and
framework sentences printed in other words into the report's ``wording:``;
``letter`` reads a regional review letter; ``notes`` joins footnotes to their
calls; ``housecheck`` checks the ratings, figures and score under the house
rules; ``yamlout`` writes the draft; ``ledger`` accounts for every block and
``report`` writes that account (NAME.import.txt); ``run`` is the command.
"""
