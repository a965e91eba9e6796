"""The dispute domain without Telegram: flow declarations, the engine, time rules, evidence checklist.

Nothing here imports aiogram or SQLAlchemy.
"""
