"""Eligibility: the login service's question "has this home municipality joined, as of a day?",
answered from `scheduling.joined`, cached per day under a version that every change bumps, with
a fast path for repeated questions. Built on the layers below it; nothing imports it."""
