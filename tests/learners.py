"""Simulated learners for ``deckdocs report``: xAPI statements as the package sends them, from
learners of known ability answering questions of known character (seeded, reproducible).

A learner of ability θ (standard normal) answers a question of difficulty b right with
probability 1 / (1 + e^(−1.7·(θ − b))) — the two-parameter logistic model — except a
*misleading* question, where the stronger learner is the likelier to be wrong. A wrong learner
picks among the distractors by their weights: evenly, except that an *unused* distractor has
weight 0 and a misleading question has one distractor that draws most.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass

VERB = "http://adlnet.gov/expapi/verbs/"
BASE = "https://deckdocs.invalid/xapi/course/simulated"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"


@dataclass(frozen=True)
class SimQuestion:
    key: str
    stem: str
    options: tuple[str, ...]  # the first is right
    character: str = "normal"  # normal | easy | hard | misleading | unused
    difficulty: float = 0.0

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(f"{self.key}-{n}" for n in range(len(self.options)))

    def chance_right(self, ability: float) -> float:
        b = {"easy": -4.0, "hard": 2.6}.get(self.character, self.difficulty)
        slope = -1.7 if self.character == "misleading" else 1.7
        return 1 / (1 + math.exp(-slope * (ability - b)))

    def distractor_weights(self) -> tuple[float, ...]:
        n = len(self.options) - 1
        if self.character == "unused":
            return (0.0,) + (1.0,) * (n - 1)
        if self.character == "misleading":
            return (8.0,) + (1.0,) * (n - 1)
        return (1.0,) * n

    def definition(self) -> dict:
        return {"type": INTERACTION, "name": {"zh-CN": self.stem}, "description": {"zh-CN": self.stem},
                "interactionType": "choice", "correctResponsesPattern": [self.ids[0]],
                "choices": [{"id": i, "description": {"zh-CN": t}} for i, t in zip(self.ids, self.options)]}


def default_questions(count: int = 12, seed: int = 7) -> tuple[SimQuestion, ...]:
    """Return ``count`` questions: q01 easy, q02 hard, q03 misleading, q04 with an unused
    distractor, the rest ordinary (difficulty within ±0.6)."""
    rng = random.Random(seed)
    characters = ["easy", "hard", "misleading", "unused"] + ["normal"] * (count - 4)
    return tuple(SimQuestion(f"q{n:02d}", f"模拟题 {n}：下列哪一项正确？", tuple(f"选项{n}-{k}" for k in "甲乙丙丁"),
                             character, round(rng.uniform(-0.6, 0.6), 2))
                 for n, character in enumerate(characters, 1))


def simulate(questions, learners: int, seed: int = 1, chapters: tuple[tuple[str, float], ...] = ()) -> list[dict]:
    """Return the statements of ``learners`` simulated learners; ``chapters`` gives each chapter's
    title and the share of learners who read it to the end (the others open it only)."""
    rng = random.Random(seed)
    statements: list[dict] = []
    clock = 0

    def send(actor, verb, object_, result=None):
        nonlocal clock
        clock += 1
        statement = {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "actor": actor,
                     "verb": {"id": VERB + verb, "display": {"en-US": verb}}, "object": object_,
                     "timestamp": f"2026-01-01T00:00:00.{clock:06d}Z"}
        if result is not None:
            statement["result"] = result
        statements.append(statement)

    definitions = {q.key: q.definition() for q in questions}
    for n in range(learners):
        actor = {"objectType": "Agent", "mbox": f"mailto:learner{n}@example.com"}
        ability = rng.gauss(0, 1)
        send(actor, "initialized", {"id": BASE})
        for title, share in chapters:
            chapter = {"id": f"{BASE}/page/{title}", "definition": {"name": {"zh-CN": title}}}
            send(actor, "experienced", chapter, {"completion": rng.random() < share})
        right = 0
        for q in questions:
            if rng.random() < q.chance_right(ability):
                response, ok = q.ids[0], True
            else:
                response, ok = rng.choices(q.ids[1:], weights=q.distractor_weights())[0], False
            right += ok
            send(actor, "answered", {"id": f"{BASE}/question/{q.key}", "definition": definitions[q.key]},
                 {"success": ok, "response": response})
        scaled = right / len(questions)
        send(actor, "passed" if scaled >= 0.8 else "failed", {"id": f"{BASE}/page/quiz"},
             {"score": {"scaled": round(scaled, 4), "raw": right, "min": 0, "max": len(questions)},
              "success": scaled >= 0.8})
        send(actor, "terminated", {"id": BASE})
    return statements
