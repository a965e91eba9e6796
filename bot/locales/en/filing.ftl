## Photos and files sent outside a flow: which case, then which category, then stored as evidence

flow-filing-title = File what you sent
flow-filing-ask-case =
    { flow-filing-received } Which case is this for? Pick one, or tap "A new order".
    { flow-filing-keep }
flow-filing-ask-order = { $cases ->
    [0] { flow-filing-received } Which order is this for? Send the order number (Taobao "My orders" → copy it from the order details). If it's not at hand, tap "Skip" and add it on the case card later.
        { flow-filing-keep }
   *[other] New order: send its order number (Taobao "My orders" → copy it from the order details). If it's not at hand, tap "Skip" and add it on the case card later.
}
flow-filing-received = { $files ->
        [0] { NUMBER($photos, useGrouping: 0) ->
            [one] I got { NUMBER($photos, useGrouping: 0) } photo
           *[other] I got { NUMBER($photos, useGrouping: 0) } photos
        }
       *[other] { NUMBER($count, useGrouping: 0) ->
            [one] I got { NUMBER($count, useGrouping: 0) } file
           *[other] I got { NUMBER($count, useGrouping: 0) } files
        }
    } and am holding on to { $count ->
        [one] it
       *[other] them
    } for now.
flow-filing-keep = If you don't choose within { NUMBER($hours, useGrouping: 0) } hours, what you sent is deleted and you can send it again; /cancel deletes it right away.
flow-filing-expired =
    These files waited more than { NUMBER($hours, useGrouping: 0) } hours without being filed and have been deleted. Please send them again if you need them.
flow-filing-filed =
    { NUMBER($count, useGrouping: 0) ->
        [one] Saved { NUMBER($count, useGrouping: 0) } file
       *[other] Saved { NUMBER($count, useGrouping: 0) } files
    } to the case "{ $title }" under "{ $category }".
flow-filing-filed-new =
    { NUMBER($count, useGrouping: 0) ->
        [one] New case opened; { NUMBER($count, useGrouping: 0) } file saved
       *[other] New case opened; { NUMBER($count, useGrouping: 0) } files saved
    } under "{ $category }".
