"""``meetup election tally --ballots FILE [...]`` without a workspace, on a short path.

A typical election's tally should start about as fast as ``meetup --version``, so this
path reads its few options by hand (no argparse parser to build, nothing of the CLI's
shared plumbing) and imports only the ballot reader and the tally.  Anything it does not
recognise, ``--help`` or an ELECTION goes to the full parser instead (:func:`run` returns
None), which also gives the error messages.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from meetup.elections.tally import TallyResult, Unranked

_VALUED = ("--ballots", "--candidates", "--seats", "--unranked", "--seed")


def read_options(argv: list[str]) -> dict[str, str] | None:
    """The options of ``argv`` (``--json`` -> ""), or None when the full parser is needed."""
    found: dict[str, str] = {}
    items = iter(argv)
    for arg in items:
        name, eq, value = arg.partition("=")
        if name == "--json" and not eq:
            found["--json"] = ""
        elif name in _VALUED and name not in found:
            if not eq:
                value = next(items, "")
                if not value or value.startswith("--"):
                    return None
            found[name] = value
        else:
            return None  # an ELECTION, --help, a typo, a repeated option: the full parser
    if "--ballots" not in found or found.get("--unranked", "ignore") not in ("ignore", "last"):
        return None
    for number in ("--seats", "--seed"):
        if number in found and not found[number].lstrip("-").isdigit():
            return None
    return found


def run(argv: list[str]) -> int | None:
    """Tally a ballot file and print the result; None: use the full parser."""
    options = read_options(argv)
    if options is None:
        return None
    path = options["--ballots"]
    seats = int(options["--seats"]) if "--seats" in options else 1
    if seats < 1:
        print(f"meetup: --seats {seats}: at least one seat", file=sys.stderr)
        return 2
    try:
        result = tally_file(path, options)
    except OSError as exc:
        print(f"meetup: {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # a BallotError (source:line: message) among them
        print(f"meetup: {exc}", file=sys.stderr)
        return 1
    if "--json" in options:
        import json

        sys.stdout.write(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_tally(result))
    return 0


def tally_file(path: str, options: dict[str, str]) -> TallyResult:
    given = options.get("--candidates")
    candidates = [c.strip() for c in given.split(",")] if given else None
    with open(path, "rb") as handle:
        data = handle.read()
    fast = tally_plain(data, candidates, options)
    if fast is not None:
        return fast
    from meetup.elections.ballots import load_ballots
    from meetup.elections.debian import is_debian_tally
    from meetup.elections.tally import schulze

    head = data[:20000].decode("utf-8", "replace")
    ballots = load_ballots(path, candidates=candidates)
    if not ballots.count:  # a header-only CSV: no result to show
        from meetup.elections.ballotset import BallotError

        raise BallotError(path, 1, "the file holds no ballot")
    unranked = options.get("--unranked") or ("last" if is_debian_tally(head) else "ignore")
    seed = int(options["--seed"]) if "--seed" in options else None
    return schulze(
        ballots,
        seats=int(options.get("--seats", "1")),
        unranked="last" if unranked == "last" else "ignore",
        tie_break_seed=seed,
    )


def tally_plain(
    data: bytes, candidates: list[str] | None, options: dict[str, str]
) -> TallyResult | None:
    """The tally of a plain CIVS file counted from its bytes (meetup.elections.plaincivs),
    or None when the file is not plain or ``candidates`` do not fit it (the full reader
    then says what is wrong)."""
    from meetup.elections.plaincivs import candidates_json, read_plain

    plain = read_plain(data)
    if plain is None:
        return None
    if candidates is None:
        names = tuple(str(i) for i in range(1, plain.n + 1))
    elif len(candidates) == plain.n and len(set(candidates)) == plain.n:
        names = tuple(candidates)
    else:
        return None
    from meetup.elections.digest import digest_records
    from meetup.elections.tally import schulze_from_pairwise

    unranked: Unranked = "last" if options.get("--unranked") == "last" else "ignore"
    seed = int(options["--seed"]) if "--seed" in options else None
    return schulze_from_pairwise(
        names,
        plain.pairwise(unranked),
        ballots=plain.count,
        checksum=digest_records(candidates_json(names), plain.records()),
        seats=int(options.get("--seats", "1")),
        unranked=unranked,
        tie_break_seed=seed,
    )


def format_tally(result: TallyResult) -> str:
    """The tally as text: ranking, winners, tie flag, checksum and the pairwise matrix."""
    unranked = "left out (no opinion)" if result.unranked == "ignore" else "tied last"
    lines = [
        f"Schulze (winning votes): {result.ballots} ballots, {result.seats} seat(s), "
        f"unranked choices {unranked}",
    ]
    if result.turnout is not None:
        lines.append(f"Turnout: {result.ballots}/{result.electorate} = {result.turnout:.1%}")
    lines.append("Ranking:")
    place = 1
    for group in result.ranking:
        lines.append(f"  {place:>2}. {' = '.join(group)}")
        place += len(group)
    lines.append(f"Winners: {', '.join(result.winners) or '(none)'}")
    if result.tie_at_cut:
        if result.tie_break:
            order = ", ".join(result.tie_break["order"])
            lines.append(f"Tie at the cut, broken with seed {result.tie_break['seed']}: {order}")
        else:
            lines.append("TIE AT THE CUT: not broken (give --seed N for a documented tie-break)")
    lines.append(f"Ballot checksum (sha256): {result.checksum}")
    names = result.candidates
    lines.append("Pairwise (row preferred over column; columns numbered as rows):")
    width = max(3, *(len(str(v)) for row in result.pairwise.values() for v in row.values()))
    label = max(len(n) for n in names) + 5 if names else 5
    lines.append(" " * label + "".join(f"{i:>{width + 1}}" for i in range(1, len(names) + 1)))
    for i, a in enumerate(names, 1):
        cells = "".join(f"{'-' if a == b else result.pairwise[a][b]:>{width + 1}}" for b in names)
        lines.append(f"{i:>3}. {a:<{label - 5}}{cells}")
    return "\n".join(lines) + "\n"
