"""Import: a published report (PDF or extracted text) -> a draft content file and an import report.

``textsource`` and ``pdfsource`` read a source into the same blocks
(``blocks``); ``recognise`` and ``findings`` find a PDU report's structure in
them by the house format's wording and the framework data, ``letter`` a
regional review letter's; ``notes`` joins footnotes to their calls;
``housecheck`` checks the ratings, figures and score under the house rules;
``yamlout`` writes the draft; ``ledger`` accounts for every block and
``report`` writes that account (NAME.import.txt); ``run`` is the command.
"""
