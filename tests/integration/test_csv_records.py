"""CSV records read so that a broken quote costs its own line, not the rest of the file."""

from __future__ import annotations

from scenehub.integration.csv_records import CsvRecord, csv_records


def records(text: str) -> list[CsvRecord]:
    return list(csv_records(text.splitlines(keepends=True)))


def test_an_unterminated_quote_costs_only_the_line_it_opened_on() -> None:
    read = records('id,name,address\nR1,"open quote,x\nR2,b,c\nR3,d,e\n')
    assert [(r.line, r.problem) for r in read] == [
        (1, ""),
        (2, "unterminated quote: opened on line 2"),
        (3, ""),
        (4, ""),
    ]
    assert read[1].cells[0] == "R1"  # what the broken line holds is kept with it
    assert read[2].cells == ["R2", "b", "c"] and read[3].cells == ["R3", "d", "e"]


def test_a_quote_closed_where_a_cell_cannot_end_also_costs_one_line() -> None:
    # The quote opened on line 2 is "closed" by the one on line 4, followed by text.
    read = records('id,name,address\nR1,"a,b\nR2,c,d\nR3,"e",f\n')
    assert [(r.line, r.cells[0], r.problem) for r in read[1:]] == [
        (2, "R1", "unterminated quote: opened on line 2"),
        (3, "R2", ""),
        (4, "R3", ""),
    ]


def test_a_quote_left_open_on_the_last_line_is_reported_there() -> None:
    read = records('id,name\nR1,a\nR2,"b')
    assert [(r.line, r.problem) for r in read] == [
        (1, ""),
        (2, ""),
        (3, "unterminated quote: opened on line 3"),
    ]


def test_a_well_formed_cell_over_several_lines_stays_one_record() -> None:
    read = records('id,address,phone\nR1,"滨江区\n江南大道588号",0571\nR2,x,y\n')
    assert [(r.line, r.cells, r.problem) for r in read[1:]] == [
        (2, ["R1", "滨江区\n江南大道588号", "0571"], ""),
        (4, ["R2", "x", "y"], ""),
    ]


def test_a_stray_quote_inside_one_line_is_read_as_before() -> None:
    read = records('id,name\nR1,"杭州"云图\nR2,云"图\n')
    assert [(r.cells, r.problem) for r in read[1:]] == [
        (["R1", "杭州云图"], ""),
        (["R2", '云"图'], ""),
    ]
