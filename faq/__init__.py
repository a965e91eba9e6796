"""Bilingual knowledge base of the Taobao dispute process and the fuzzy matcher that answers from it."""
