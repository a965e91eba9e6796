## 证据：收取、查看、导出（/evidence、/export）
