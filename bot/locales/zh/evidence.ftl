## 证据：收取、查看、导出（/evidence、/export）

## 导出（/export）

export-choose-case = 导出哪个案件的证据？（一次导出一个案件）
export-no-case = 你还没有案件，也就没有可以导出的证据。先发 /apply 或 /negotiate 建一个案件，再用 /evidence 上传证据。
export-empty = 这个案件还没有证据。发 /evidence 把照片或 PDF 发给我，之后就能导出。
export-busy = 上一个导出还在进行，请稍等片刻再试。
export-working = 正在整理「{ $title }」的 { NUMBER($count, useGrouping: 0) } 份证据……
export-zip-caption = 📦 证据原件（ZIP）：按类别和顺序命名，附 index.csv / index.json（含每个文件的 SHA-256）和「凭证说明.txt」。同一案件内容不变时，导出的 ZIP 完全相同。
export-zip-part-caption = 📦 证据原件（ZIP，第 { NUMBER($part, useGrouping: 0) } 部分，共 { NUMBER($parts, useGrouping: 0) } 部分）：文件较大，分成几个包发送；每个包里都有完整的清单。
export-pdf-caption-msg = 📄 证据清单（PDF）：案件概要、时间线，以及每份证据的缩略图、说明、收到时间和 SHA-256。
export-pdf-no-font = ⚠️ 这次没能生成 PDF 证据清单：服务器上找不到可以嵌入的中文字体。ZIP 里的 index.csv 和「凭证说明.txt」包含同样的信息。
export-paste-intro = 📋 下面这段文字可以直接复制，粘贴到淘宝上传凭证时的「问题描述」框里（{ NUMBER($chars, useGrouping: 0) }/{ NUMBER($limit, useGrouping: 0) } 字）：
export-done = 以上就是全部导出内容。在淘宝上传凭证时，按类别依次上传图片和 PDF；聊天记录截图按时间顺序排好。

## 证据包里的文字（始终是中文：它是给淘宝客服看的）

export-cat-chat = 聊天记录
export-cat-product = 商品问题
export-cat-logistics = 物流记录
export-cat-transaction = 交易凭证
export-cat-promise = 承诺截图
export-zip-name = 证据包-案件{ $case }
export-pdf-name = 证据清单-案件{ $case }
export-readme-name = 凭证说明.txt
export-col-file = 文件
export-col-category = 类别
export-col-original-name = 原文件名
export-col-received-at = 收到时间（北京时间）
export-col-caption = 说明
export-col-size = 大小（字节）
export-col-sha256 = SHA-256
export-no-order = 未填写
export-none = 无
export-pdf-title = 证据清单
export-pdf-order = 订单号：{ $order }
export-pdf-problem = 问题：{ $problem }
export-pdf-demand = 诉求：{ $demand }
export-pdf-count = 证据：共 { NUMBER($count, useGrouping: 0) } 份
export-pdf-timeline = 时间线（北京时间）
export-pdf-time-note = 时间为北京时间；证据的「收到时间」是上传到本助手的时间。
export-pdf-section = { $category }（{ NUMBER($count, useGrouping: 0) } 份）
export-pdf-caption = 说明：{ $caption }
export-pdf-received = 收到时间：{ $when }（北京时间）
export-pdf-pages = PDF，{ NUMBER($pages, useGrouping: 0) } 页
export-pdf-pages-unknown = PDF，页数未知
export-paste-facts = 订单号 { $order }，问题：{ $problem }，诉求：{ $demand }。
export-paste-timeline = 经过：{ $steps }。
export-paste-category = { $category } { NUMBER($count, useGrouping: 0) } 份（{ $span }保存{ $images ->
        [0] {""}
       *[other] ，图片 { NUMBER($images, useGrouping: 0) } 张
    }{ $pdfs ->
        [0] {""}
       *[other] ，PDF { NUMBER($pdfs, useGrouping: 0) } 个
    }）{ $has_captions ->
        [yes] ：{ $captions }{ $more ->
            [yes] 等
           *[no] {""}
        }。
       *[no] 。
    }
export-readme =
    证据包说明 —— { $title }

    这个压缩包里是你在 Telegram 上发给「淘宝维权助手」的证据原件，按类别和顺序命名：
    01 聊天记录、02 商品问题、03 物流记录、04 交易凭证、05 承诺截图（序号是类别，后面的数字是同类中的先后）。

    · index.csv / index.json：每个文件的类别、原文件名、收到时间（北京时间）、说明、大小和 SHA-256。
    · SHA-256 可以证明文件没有被改动：Windows 用 certutil -hashfile 文件名 SHA256，macOS / Linux 用 shasum -a 256 文件名。

    在淘宝上传凭证：打开「我的订单」→ 这笔订单的售后页面，按页面提示上传 JPG、PNG 或 PDF。图片要清晰，和诉求直接相关；聊天记录截图要带日期，按时间顺序排好；无关或重复的材料会延长审核时间。

    可以粘贴到问题描述里的文字：
    { $paste }

    本助手与淘宝官方无关。来源：淘宝客服介入申请流程指南。

## 查看和修改已收到的证据

cmd-export = 导出证据包（ZIP + PDF）
case-btn-items = 📂 查看证据
case-btn-export = 📦 导出证据
evidence-list-title = 📂 <b>{ $title }</b> 已收到 { NUMBER($count, useGrouping: 0) } 份证据。点编号可以查看原件、改类别、改说明或删除：
evidence-list-line = { NUMBER($n, useGrouping: 0) }. { $item }
evidence-list-more = 还有 { NUMBER($count, useGrouping: 0) } 份没有列出。
evidence-photo = 照片
evidence-item = { $name } · { $size } · { $when } 收到{ $has_caption ->
        [yes] {" "}· 「{ $caption }」
       *[no] {""}
    }
evidence-size-kb = { $kb } KB
evidence-size-mb = { $mb } MB
evidence-btn-cat = 改类别
evidence-btn-caption = 改说明
evidence-btn-delete = 🗑 删除
evidence-btn-list = 📂 返回列表
evidence-btn-confirm-delete = 确认删除
evidence-btn-keep = 保留
evidence-gone = 这份证据已经不在了（可能已删除）。
evidence-ask-category = 这份证据应该归到哪一类？
evidence-category-set = 好的，已改为「{ $category }」。
evidence-ask-caption = 请发一句新的说明（最多 { NUMBER($max, useGrouping: 0) } 字），比如「卖家承诺7天内发货」。
evidence-caption-too-long = 说明太长了，请控制在 { NUMBER($max, useGrouping: 0) } 字以内再发一次。
evidence-caption-set = 好的，说明已改为：{ $caption }
evidence-confirm-delete = 确定删除这份证据吗？删除后无法恢复。
    { $item }
evidence-deleted = 已删除。
evidence-kept = 好的，保留了。
evidence-file-missing = 这份证据的文件已经找不到了，只剩下记录。建议重新发送原件。

## 等待归档的文件
evidence-pending-deleted = 等待归档的 { NUMBER($count, useGrouping: 0) } 个文件已删除。
evidence-files-lost = 有 { NUMBER($count, useGrouping: 0) } 个文件等待归档太久（超过 24 小时），已被删除，没能保存。需要的话请重新发送。
