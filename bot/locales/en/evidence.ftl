## Evidence: receiving, reviewing, exporting (/evidence, /export)

## Export (/export)

export-choose-case = Which case's evidence should I export? (One case at a time.)
export-no-case = You have no cases yet, so there is no evidence to export. Start one with /apply or /negotiate, then upload evidence with /evidence.
export-empty = This case has no evidence yet. Send photos or PDFs after /evidence, then you can export them.
export-busy = The previous export is still running — please try again in a moment.
export-working = { NUMBER($count, useGrouping: 0) ->
    [one] Putting together the { NUMBER($count, useGrouping: 0) } piece of evidence of "{ $title }"…
   *[other] Putting together the { NUMBER($count, useGrouping: 0) } pieces of evidence of "{ $title }"…
}
export-zip-caption = 📦 Original files (ZIP), named by category and order, with index.csv / index.json (including each file's SHA-256) and 凭证说明.txt (notes, in Chinese). The same case always gives exactly the same ZIP while nothing changes.
export-zip-part-caption = 📦 Original files (ZIP, part { NUMBER($part, useGrouping: 0) } of { NUMBER($parts, useGrouping: 0) }): the files are large, so they come in several packs; each pack has the complete index.
export-pdf-caption-msg = 📄 Evidence list (PDF, in Chinese for Taobao): case summary, timeline, and each item's thumbnail, caption, time received and SHA-256.
export-pdf-no-font = ⚠️ I could not make the PDF evidence list this time: no Chinese font that can be embedded was found on the server. index.csv and 凭证说明.txt in the ZIP hold the same information.
export-paste-intro = 📋 Text to copy into the description box when you upload evidence on Taobao (in Chinese, for Taobao's staff; { NUMBER($chars, useGrouping: 0) }/{ NUMBER($limit, useGrouping: 0) } characters):
export-done = That's the whole export. On Taobao, upload the pictures and PDFs category by category; put chat screenshots in time order.

## Texts inside the pack (the pack is always in Chinese, for Taobao's staff; these English versions are for translators)

export-cat-chat = Chat
export-cat-product = Product problem
export-cat-logistics = Logistics
export-cat-transaction = Order and payment
export-cat-promise = Seller promises
export-zip-name = evidence-case{ $case }
export-pdf-name = evidence-list-case{ $case }
export-readme-name = README.txt
export-col-file = File
export-col-category = Category
export-col-original-name = Original name
export-col-received-at = Received (Beijing time)
export-col-caption = Caption
export-col-size = Size (bytes)
export-col-sha256 = SHA-256
export-no-order = not given
export-none = none
export-pdf-title = Evidence list
export-pdf-order = Order number: { $order }
export-pdf-problem = Problem: { $problem }
export-pdf-demand = Request: { $demand }
export-pdf-count = Evidence: { NUMBER($count, useGrouping: 0) ->
    [one] { NUMBER($count, useGrouping: 0) } item
   *[other] { NUMBER($count, useGrouping: 0) } items
}
export-pdf-timeline = Timeline (Beijing time)
export-pdf-time-note = Times are Beijing time; "received" is when the item was uploaded to this assistant.
export-pdf-section = { $category } ({ NUMBER($count, useGrouping: 0) })
export-pdf-caption = Caption: { $caption }
export-pdf-received = Received: { $when } (Beijing time)
export-pdf-pages = PDF, { NUMBER($pages, useGrouping: 0) ->
    [one] { NUMBER($pages, useGrouping: 0) } page
   *[other] { NUMBER($pages, useGrouping: 0) } pages
}
export-pdf-pages-unknown = PDF, number of pages unknown
export-paste-facts = Order { $order }, problem: { $problem }, request: { $demand }.
export-paste-timeline = What happened: { $steps }.
export-paste-category = { $category }: { NUMBER($count, useGrouping: 0) } ({ $span }{ $images ->
        [0] {""}
        [1] , 1 picture
       *[other] , { NUMBER($images, useGrouping: 0) } pictures
    }{ $pdfs ->
        [0] {""}
        [1] , 1 PDF
       *[other] , { NUMBER($pdfs, useGrouping: 0) } PDFs
    }){ $has_captions ->
        [yes] : { $captions }{ $more ->
            [yes] , and more
           *[no] {""}
        }.
       *[no] .
    }
export-readme =
    Evidence pack — { $title }

    The original files you sent to the Taobao dispute assistant on Telegram, named by category and order:
    01 chat, 02 product problem, 03 logistics, 04 order and payment, 05 seller promises (the first number is the category, the last the order within it).

    · index.csv / index.json: each file's category, original name, time received (Beijing), caption, size and SHA-256.
    · The SHA-256 shows a file has not been changed: on Windows certutil -hashfile FILE SHA256, on macOS / Linux shasum -a 256 FILE.

    Uploading on Taobao: 我的订单 (My orders) → the order's after-sales page, then upload JPG, PNG or PDF as the page asks. Pictures must be clear and bear directly on the request; chat screenshots dated and in time order; unrelated or repeated material slows the review.

    Text for the description box:
    { $paste }

    This assistant is not affiliated with Taobao. Source: the Taobao customer-service intervention guide.

## Reviewing and fixing received evidence

cmd-export = Export the evidence pack (ZIP + PDF)
case-btn-items = 📂 View evidence
case-btn-export = 📦 Export evidence
evidence-list-title = 📂 <b>{ $title }</b>: { NUMBER($count, useGrouping: 0) ->
        [one] { NUMBER($count, useGrouping: 0) } piece of evidence received.
       *[other] { NUMBER($count, useGrouping: 0) } pieces of evidence received.
    } Tap a number to see the original, change its category or caption, or delete it:
evidence-list-line = { NUMBER($n, useGrouping: 0) }. { $item }
evidence-list-more = { NUMBER($count, useGrouping: 0) } more not listed.
evidence-photo = Photo
evidence-item = { $name } · { $size } · received { $when }{ $has_caption ->
        [yes] {" "}· "{ $caption }"
       *[no] {""}
    }
evidence-size-kb = { $kb } KB
evidence-size-mb = { $mb } MB
evidence-btn-cat = Category
evidence-btn-caption = Caption
evidence-btn-delete = 🗑 Delete
evidence-btn-list = 📂 Back to the list
evidence-btn-confirm-delete = Yes, delete
evidence-btn-keep = Keep it
evidence-gone = This piece of evidence is no longer there (it may have been deleted).
evidence-ask-category = Which category does it belong to?
evidence-category-set = Done — moved to "{ $category }".
evidence-ask-caption = Send the new caption (at most { NUMBER($max, useGrouping: 0) } characters), e.g. "seller promised to ship within 7 days".
evidence-caption-too-long = That caption is too long — please keep it within { NUMBER($max, useGrouping: 0) } characters and send it again.
evidence-caption-set = Done — the caption is now: { $caption }
evidence-confirm-delete = Delete this piece of evidence? This cannot be undone.
    { $item }
evidence-deleted = Deleted.
evidence-kept = OK, kept.
evidence-file-missing = The file of this item can no longer be found, only its record. Please send the original again.

## Files waiting to be filed
evidence-pending-deleted = { NUMBER($count, useGrouping: 0) ->
    [one] The { NUMBER($count, useGrouping: 0) } file waiting to be filed has been deleted.
   *[other] The { NUMBER($count, useGrouping: 0) } files waiting to be filed have been deleted.
}
evidence-files-lost = { NUMBER($count, useGrouping: 0) ->
    [one] { NUMBER($count, useGrouping: 0) } file waited too long to be filed (over 24 hours) and was deleted, so it was not saved.
   *[other] { NUMBER($count, useGrouping: 0) } files waited too long to be filed (over 24 hours) and were deleted, so they were not saved.
} Please send again if you need it.
