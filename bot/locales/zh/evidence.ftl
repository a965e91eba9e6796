## 证据：收取、查看、导出（/evidence、/export）

evidence-file-this-photo = 这张照片
evidence-file-failed = ⚠️ { $name }没能下载，请再发一次。
evidence-file-corrupt = ⚠️ { $single ->
        [yes] 这张图片好像不完整，请重新发送。
       *[no] { $name }好像不完整（图片打不开），请重新发送。
    }
evidence-file-small = ⚠️ { $name }只有 { $width }×{ $height } 像素，截图里的小字可能看不清。已经收下；如果确实看不清，请用「文件」方式发送原图（以文件发送时 Telegram 不会压缩）。
evidence-file-duplicate-in = ℹ️ { $name }之前已经收到了（在「{ $category }」里），不再重复保存。
evidence-file-not-what-name-says = ⚠️ { $name }看名字是{ $claimed ->
        [pdf] PDF
       *[image] 图片
    }，但内容其实不是{ $claimed ->
        [pdf] PDF
       *[image] 图片
    }，没法作为证据保存。请发送真正的 { $formats } 文件（文档可以截图，或导出为 PDF）。
