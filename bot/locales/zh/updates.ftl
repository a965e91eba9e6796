update-handled-before = 你刚才那条消息已经处理好，记录也保存了。可以接着往下做，或发 /cases 看看你的案件。
