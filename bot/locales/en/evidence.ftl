## Evidence: receiving, reviewing, exporting (/evidence, /export)
