"""Writes the sample files next to this script. Run once; the outputs are committed.

The files are written as bytes so that their encodings are what real tools
produce: Finnish Excel's "CSV UTF-8" (BOM, ';', CRLF, decimal commas), a
cp1252 export from an older Windows tool, a UTF-8 tab-separated export and an
.xlsx workbook with real numbers in it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent

FINNISH = """\
tunniste;rooli;organisaatio;kokemus_vuosina;tavoitealueet;tavoitteet;osaaminen;kielet;tapaamistapa;paikkakunta;kapasiteetti;toiveet;poissulut;Sähköposti
M1;mentori;Yliopisto Jyväskylä;12,5;Johtaminen|Urasuunnittelu;;Johtamisen ja tiimityön kokemus;suomi|englanti;lähi;Jyväskylä;2;A1;;m1@example.fi
M2;Mentori;Kaupunki Oy;8;Viestintä;;"Viestintä; somemarkkinointi";suomi, ruotsi;etä;Helsinki;1;;A2;
A1;aktori;Start-up Oy;1,5;Johtaminen;Haluan kehittyä esihenkilönä;;suomi;kumpi tahansa;Tampere;;M1;;a1@example.fi
A2;mentoroitava; Yliopisto Jyväskylä ;0;Urasuunnittelu | Viestintä;"Uran suunta; verkostot";;englanti;;Jyväskylä;;;M2;
V1;vertainen;Säätiö ry;4;Viestintä;;;suomi;molemmat;Oulu;;;;
"""

CP1252 = """\
ID,Role,Organization,Years of experience,Goal areas,Goals,Offers,Languages,Meeting mode,Location,Capacity,Wishes,Exclusions
mentor-1,Mentor,Yliopisto Jyväskylä,10,"Leadership, strategy|Research",,"Research funding, grant writing",Finnish|English,in person,Jyväskylä,2,,
mentee-1,Mentee,Åbo Akademi,2,Research,"Budget of 5 000 €, finish the PhD",,"suomi, english",online,Turku,,mentor-1,
peer-1,peer,Yliopisto Jyväskylä,3.5,Leadership,,,fi,face-to-face,Jyväskylä,,,
any-1,either,Kaupunki,,Strategy,,,sv,both,,,,
"""

TAB = (
    "participant_id\trole\torg\texperience\tfocus areas\tgoals\texpertise\tlanguage\tmeeting\tcity"
    "\tmax_mentees\twish\texclude\tNotes\n"
    "m-01\tmentor\tAcme Ltd\t15\tEngineering|Management\t\tEngineering management\ten|de\tremote\tEspoo"
    "\t3\t\t\tprefers mornings\n"
    'e-01\tmentee\tBeta Inc\t2\tEngineering\t"Grow into a tech lead.\nLearn to delegate."\t\ten\tEither'
    "\tEspoo\t\tm-01\t\t\n"
    "e-02\tmentee\tAcme Ltd\t0.5\tManagement\tFirst management role\t\tEnglish, Swedish\tremote"
    "\t\t\t\tm-01\tsame team as m-01\n"
)


def write_excel(path: Path) -> None:
    book = openpyxl.Workbook()
    autumn = book.active
    autumn.title = "Syksy 2025"
    autumn.append(
        ["Tunniste", "Rooli", "Organisaatio", "Kokemus vuosina", "Kapasiteetti", "Kielet", "Tapaamistapa", "Toiveet", "Nimi"]
    )
    autumn.append([101, "mentori", "Yliopisto Jyväskylä", 12.5, 2, "suomi|englanti", "lähi", None, "Maija Mentori"])
    autumn.append([102, "Mentor", "Kaupunki Oy", 7, 3.0, "fi", "remote", None, None])
    autumn.append([201, "aktori", "Start-up Oy", 1.0, None, "suomi", None, 101, "Aino Aktori"])
    autumn.append(["NA", "mentee", None, 0, None, "en", "online", "101|102", None])
    spring = book.create_sheet("Kevät 2025")
    spring.append(["id", "role", "experience_years", "Ilmoittautunut"])
    spring.append(["S1", "mentor", 20, dt.datetime(2025, 1, 15)])
    spring.append(["S2", "mentee", 1.25, dt.datetime(2025, 1, 16, 9, 30)])
    book.save(path)


def main() -> None:
    (HERE / "finnish_semicolon_bom.csv").write_bytes(
        b"\xef\xbb\xbf" + FINNISH.replace("\n", "\r\n").encode("utf-8")
    )
    (HERE / "english_cp1252.csv").write_bytes(CP1252.encode("cp1252"))
    (HERE / "english_tab.tsv").write_bytes(TAB.encode("utf-8"))
    write_excel(HERE / "cohort.xlsx")


if __name__ == "__main__":
    main()
