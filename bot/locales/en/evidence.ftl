## Evidence: receiving, reviewing, exporting (/evidence, /export)

evidence-file-this-photo = This photo
evidence-file-failed = ⚠️ { $name } could not be downloaded — please send it again.
evidence-file-corrupt = ⚠️ { $single ->
        [yes] This picture seems incomplete — please send it again.
       *[no] { $name } seems incomplete (the picture does not open) — please send it again.
    }
evidence-file-small = ⚠️ { $name } is only { $width }×{ $height } pixels, so small text in it may not be legible. Kept; if it really can't be read, send the original as a file (Telegram does not compress files).
evidence-file-duplicate-in = ℹ️ { $name } was already received (under "{ $category }") — not stored twice.
evidence-file-not-what-name-says = ⚠️ { $name } is named like { $claimed ->
        [pdf] a PDF
       *[image] a picture
    }, but its content is not { $claimed ->
        [pdf] a PDF
       *[image] a picture
    }, so I can't keep it as evidence. Please send a real { $formats } file (take a screenshot of a document or export it to PDF).
