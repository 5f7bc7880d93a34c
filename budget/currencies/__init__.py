"""Currencies: annual average exchange rates to the euro and exact conversion of amounts."""
