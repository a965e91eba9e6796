## 在流程之外发来的照片和文件：先问属于哪个案件，再问类别，然后存为证据

flow-filing-title = 归档收到的文件
flow-filing-ask-case =
    { flow-filing-received }是哪个案件的？选一个，或点「新的订单」。
    { flow-filing-keep }
flow-filing-ask-order = { $cases ->
    [0] { flow-filing-received }是哪个订单的？请发订单号（淘宝「我的订单」→ 订单详情里可以复制）。不方便查的话可以先点「跳过」，之后在案件卡片上补。
        { flow-filing-keep }
   *[other] 新的订单：请发它的订单号（淘宝「我的订单」→ 订单详情里可以复制）。不方便查的话可以先点「跳过」，之后在案件卡片上补。
}
flow-filing-received = 收到 { $files ->
        [0] { NUMBER($photos, useGrouping: 0) } 张照片
       *[other] { NUMBER($count, useGrouping: 0) } 份材料
    }，我先替你保管着。
flow-filing-keep = 如果 { NUMBER($hours, useGrouping: 0) } 小时内没有选，文件会被删除，到时请重新发送；发 /cancel 会立即删除。
flow-filing-expired =
    收到的文件等了超过 { NUMBER($hours, useGrouping: 0) } 小时没有归档，已经删除了。需要的话请重新发送。
flow-filing-filed =
    已存入案件「{ $title }」：{ NUMBER($count, useGrouping: 0) } 份，归为「{ $category }」。
flow-filing-filed-new =
    已新建案件，存入 { NUMBER($count, useGrouping: 0) } 份，归为「{ $category }」。
