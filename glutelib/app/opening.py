"""Ways into a section from elsewhere on the page: a card's button, the quiz's review list,
a panel's picker, a link. Each makes the page's new state and hands it to `show_page`; the
dashboard (which mixes this in) brings the panels to it.
"""

from __future__ import annotations

import dataclasses

from glutelib.app import navigation


class SectionDoors:
    """What a Dashboard offers its panels for opening another section; it needs the
    dashboard's `state`, `page`, `places`, `mode`, `move`, `show_page` and `tell`."""

    def open_quiz(self, kind: str = "", first: str | None = None) -> bool:
        """Test yourself, at the menu or a kind's first question (the one keyed `first`, if
        there is one); False for a client."""
        if self.mode not in self.places.quiz_modes:
            return False
        self.show_page(dataclasses.replace(self.state, section="quiz", quiz=kind,
                                           question=first))  # fmt: skip
        return True

    def open_stretches(self, muscle: str) -> None:
        """Move it yourself in the stretch that lengthens `muscle` most, the others ranked."""
        self.move.rank_stretches(muscle, show=self.state.section == "move")
        self.show_page(dataclasses.replace(self.state, section="move", structure=None,
                                           question=None, pose=self.move.code))  # fmt: skip

    def open_palpation(self, structure_id: str) -> None:
        """Palpate a structure, from the first step of its route."""
        self.show_page(dataclasses.replace(self.state, section="palpate", palpate=structure_id,
                                           route_step=0))  # fmt: skip

    def open_review(self, kind: str, value: str) -> None:
        """What the quiz's review list offers: a structure to explore or to palpate, a
        walkthrough step."""
        if kind == "structure":
            self.show_page(dataclasses.replace(self.page, section="explore", structure=value))
        elif kind == "palpate":
            self.open_palpation(value)
        else:
            condition, step = value.rsplit(":", 1)
            self.open_condition(condition, step)

    def open_condition(self, condition_id: str, step: str = "1") -> None:
        """Open a walkthrough at a 1-based step; unknown ids and steps are named, not fatal."""
        page, said = navigation.open_condition(self.page, condition_id, step, self.places)
        self.show_page(page)
        if said:
            self.tell(said)


__all__ = ["SectionDoors"]
