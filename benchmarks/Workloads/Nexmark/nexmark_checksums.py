"""Independent computation of the NEXMark queries' full-size checksums (benchmarks.md), written from the generator's
description, not from the C# code: python3 nexmark_checksums.py. About a minute of CPU."""

M64 = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15
SEED = 17
CYCLE = 50
FIRST = 1000
LEAD = 10
TICKS_PER_EVENT = 1000  # 100 us in 100 ns ticks
NAMES = [f + " " + l for f in ["Ada", "Bea", "Cyd", "Dev", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jon", "Kim"]
         for l in ["Ames", "Boyd", "Cole", "Dunn", "Egan", "Ford", "Gray", "Hale", "Irwin"]]


class Rng:
    def __init__(self, seed, index):
        self.s = (seed ^ ((index * GAMMA) & M64)) & M64

    def next(self):
        self.s = (self.s + GAMMA) & M64
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)


def wrap(x):
    x &= M64
    return x - (1 << 64) if x >= (1 << 63) else x


def mix(a, b):
    return wrap(a * 1_000_003 + b)


def person_id(r, cycle, hot_offset):
    if r.next() % 4 > 0:
        return FIRST + (cycle // 100) * 100 + hot_offset
    persons = cycle + 1
    active = min(persons, 1000)
    return FIRST + persons - active + r.next() % (active + LEAD)


def auction_id(r, cycle):
    newest = cycle * 3 + 2
    if r.next() % 2 > 0:
        return FIRST + (newest // 100) * 100
    oldest = max(newest - 100, 0)
    return FIRST + oldest + r.next() % (newest - oldest + 1 + LEAD)


def price(r):
    scale = 10 ** (r.next() % 6)
    return 100 * scale + r.next() % (900 * scale)


def event(i):
    """('P', id, name) | ('A', id, seller, reserve) | ('B', auction, bidder, price)."""
    r = Rng(SEED, i)
    cycle, offset = divmod(i, CYCLE)
    if offset == 0:
        a = r.next()
        return ('P', FIRST + cycle, NAMES[a % len(NAMES)])
    if offset <= 3:
        seller = person_id(r, cycle, 0)
        r.next()  # category
        reserve = price(r)
        r.next()  # expiry
        return ('A', FIRST + cycle * 3 + offset - 1, seller, reserve)
    auction = auction_id(r, cycle)
    bidder = person_id(r, cycle, 1)
    return ('B', auction, bidder, price(r))


SECOND = 10_000  # events per second of event time
FULL_STATELESS = 10_000_000
FULL_WINDOWED = 2_000_000


def main():
    q0 = [0, 0]; q1 = [0, 0]; q2 = [0, 0]
    hot = {}            # q5: window -> {auction: count}
    top = {}            # q7: window -> (price, -i, bid)
    persons = {}        # q8: window -> [(id, name)]
    sellers = {}        # q8: window -> set(seller)
    for i in range(FULL_STATELESS):
        e = event(i)
        if e[0] == 'P':
            value = mix(e[1], len(e[2]))
        elif e[0] == 'A':
            value = mix(mix(e[1], e[2]), e[3])
        else:
            value = mix(mix(e[1], e[2]), e[3])
        q0[0] += 1; q0[1] = wrap(q0[1] + value)
        if e[0] == 'B':
            _, auction, bidder, dollars = e
            q1[0] += 1; q1[1] = wrap(q1[1] + mix(mix(auction, bidder), dollars * 908 // 1000))
            if auction % 123 == 0:
                q2[0] += 1; q2[1] = wrap(q2[1] + mix(auction, dollars))
        if i >= FULL_WINDOWED:
            continue
        # event time in units of 100 us; windows in the same unit
        t = i
        if e[0] == 'B':
            _, auction, bidder, dollars = e
            first = (t - 10 * SECOND) // (2 * SECOND) + 1
            last = t // (2 * SECOND)
            for w in range(first, last + 1):
                counts = hot.setdefault(w, {})
                counts[auction] = counts.get(auction, 0) + 1
            w = t // (10 * SECOND)
            rank = (dollars, -i)
            if w not in top or rank > top[w][0]:
                top[w] = (rank, (auction, bidder, dollars))
        else:
            w = t // (10 * SECOND)
            if e[0] == 'P':
                persons.setdefault(w, []).append((e[1], e[2]))
            else:
                sellers.setdefault(w, set()).add(e[2])
    q5 = [0, 0]
    for w, counts in hot.items():
        highest = max(counts.values())
        for auction, n in counts.items():
            if n == highest:
                q5[0] += 1; q5[1] = wrap(q5[1] + mix(mix(w, auction), n))
    q7 = [0, 0]
    for w, (_, (auction, bidder, dollars)) in top.items():
        q7[0] += 1; q7[1] = wrap(q7[1] + mix(w, mix(mix(auction, bidder), dollars)))
    q8 = [0, 0]
    for w, people in persons.items():
        for pid, name in people:
            if pid in sellers.get(w, ()):
                q8[0] += 1; q8[1] = wrap(q8[1] + mix(mix(w, pid), len(name)))
    for name, (rows, total) in [('q0', q0), ('q1', q1), ('q2', q2), ('q5', q5), ('q7', q7), ('q8', q8)]:
        print(f"{name}: rows {rows}, sum {total}")


if __name__ == '__main__':
    main()
