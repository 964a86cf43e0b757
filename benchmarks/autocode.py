"""Auto-coding benchmark: a stated synthetic corpus coded with the ODSK codebook.

    python benchmarks/autocode.py                 # 1,000 files, about 100 MB, 5 runs
    python benchmarks/autocode.py --files 100     # a quicker look

The corpus: ``--files`` Markdown interviews of about ``--kb`` kilobytes each, built
with a fixed seed from Indonesian interview sentences: half about the program
(officials' and aid recipients' registers, Manado Malay, negations) in ``SENTENCES``,
half everyday talk in ``NEUTRAL``, recombined with random fillers. It prints the
codings per 10 KB of the corpus beside those of the sample interviews, so the
density of the corpus can be compared with real interviews. Each run codes every file with roots and
valence, through the same function ``odskcode analyze`` and ``autocode`` use,
keeping only the codings (``keep_transcripts=False``).

It prints, as medians of ``--runs`` runs: MB/s and turns/s for one job and for two
jobs, the speed-up, peak memory above the post-import baseline (one job, in a
fresh process), the floor ``LC_ALL=C grep -owiFf WORDS`` over the same files piped to
``wc -l``, the pure-Python floor (parsing, segmenting, normalising and walking the four
automata without any rule logic: what any run of this design pays at least), the wall
time of ``odskcode analyze sample_interviews`` and of ``odskcode --help``. Linux (it reads /proc
for memory and needs grep and wc).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SENTENCES = [
    "Perencanaan program kami susun bersama bidang pemberdayaan sosial setiap awal tahun.",
    "Rencana kerja seksi sudah ada, lengkap dengan target tiap bulan.",
    "Pembagian tugas antara staf dan pendamping sudah jelas dan berjalan baik.",
    "Pelaksanaan penyaluran bantuan tahun ini lancar, tidak ada kendala berarti.",
    "Kepala seksi mengawasi staf, dan tim monitoring dari provinsi datang sewaktu-waktu.",
    "Target penerima tahun lalu tercapai, hampir semua keluarga sudah menerima.",
    "Kami turun ke lapangan untuk melihat langsung kebutuhan masyarakat.",
    "Kepala dinas menetapkan skala prioritas berdasarkan aturan dan SOP.",
    "Warga boleh menyampaikan masukan dan keluhan, kami catat lalu kami tindak lanjuti.",
    "Bantuannya cepat dan tepat waktu, begitu dana cair langsung dibagikan.",
    "Penyaluran bantuan lambat sekali, so dua bulan blum dapa.",
    "Kalau torang tanya, dorang bilang tunggu, tapi nyanda ada kabar.",
    "Laporan pertanggungjawaban kami kirim ke kepala dinas, walikota dan gubernur.",
    "Semua mengikuti juknis dari provinsi, jadi laporan tidak pernah dikembalikan.",
    "Buktinya lengkap: kuitansi, berita acara, daftar hadir dan foto.",
    "Nama penerima ditempel di papan informasi kelurahan supaya semua bisa melihat.",
    "Kendala yang paling sering itu perbedaan pendapat antara seksi dan pendamping.",
    "Pegawai di seksi kami sedikit, padahal programnya banyak.",
    "Data sasaran dari DTKS belum mutakhir, ada yang sudah pindah atau meninggal.",
    "Pulau Lembeh jauh, kalau ombak besar pendamping tidak bisa menyeberang.",
    "Kalau ada beda pendapat, kami musyawarah sampai sepakat.",
    "Kami berkoordinasi dengan lurah dan kepala lingkungan sebelum pembagian.",
    "Rekan kerja yang lalai kami tegur dan ingatkan supaya tidak terulang.",
    "Data kami verifikasi ulang ke lapangan sebelum penetapan.",
    "Sebaiknya pendamping dipilih dari pegawai di masing-masing kecamatan.",
    "Pendamping juga perlu membuat laporan pertanggungjawaban karena mereka digaji.",
    "Perlu penambahan SDM lewat koordinasi dengan seksi lain di bidang yang sama.",
    "Pengawasannya tidak begitu ketat, tapi hasilnya tidak buruk.",
    "Terus terang pelayanannya kurang baik dan berbelit-belit.",
    "Tidak mungkin tidak ada kendalanya dalam program sebesar ini.",
    "Selamat pagi, Pak, silakan duduk dulu, mau minum kopi?",
    "Kita so lama tinggal di sini, anak tiga masih sekolah.",
]
NEUTRAL = [
    "Saya tinggal di sini sejak tahun dua ribu sepuluh bersama keluarga.",
    "Anak saya yang pertama sekarang sudah kelas dua SMP.",
    "Tadi pagi hujan deras, jalan ke pasar jadi becek.",
    "Suami saya kerja di kapal, pulangnya dua minggu sekali.",
    "Iya, betul, waktu itu saya ada di rumah mertua.",
    "Kita biasa jual ikan asap di depan rumah kalau ada tangkapan.",
    "Rumah ini dibangun oleh almarhum bapak saya dulu.",
    "Kalau sore anak-anak main bola di lapangan dekat gereja.",
    "Hari Minggu kami ibadah, sesudah itu kumpul keluarga.",
    "Bapak mau kopi atau teh? Silakan diminum dulu.",
    "Saya lahir di Sangihe, pindah ke Bitung waktu masih kecil.",
    "Iyo, torang pe rumah dekat pelabuhan, jadi ramai.",
]
DOMAIN_SHARE = 0.5  # half the sentences are about the program; the rest is everyday talk
FILLERS = ["ya", "jadi", "memang", "begitu", "kalau tidak salah", "pokoknya", "sebenarnya", "kira-kira", "iyo", "toh"]


def make_corpus(folder: Path, files: int, kb: int, seed: int) -> tuple[int, int]:
    """Write the synthetic corpus; return (bytes, informant turns)."""
    rng = random.Random(seed)
    total_bytes = turns = 0
    for n in range(1, files + 1):
        informant = f"B{n:04d}"
        lines = [
            "---",
            f"informant: {informant}",
            "role: Informan sintetis",
            f"group: {rng.choice(['pemerintah', 'pendamping', 'masyarakat'])}",
            "source: wawancara",
            "interviewer: P",
            "---",
        ]
        size = 0
        while size < kb * 1024:
            lines.append("P: Bagaimana pendapat Bapak atau Ibu tentang hal itu?")
            parts = []
            for _ in range(rng.randint(1, 4)):
                sentence = rng.choice(SENTENCES if rng.random() < DOMAIN_SHARE else NEUTRAL)
                if rng.random() < 0.4:
                    sentence = f"{rng.choice(FILLERS).capitalize()}, {sentence[0].lower()}{sentence[1:]}"
                parts.append(sentence)
            turn = f"{informant}: {' '.join(parts)}"
            lines.append(turn)
            turns += 1
            size += len(turn) + 60
        text = "\n".join(lines) + "\n"
        path = folder / f"{informant}.md"
        path.write_text(text, encoding="utf-8")
        total_bytes += len(text.encode("utf-8"))
    return total_bytes, turns


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def one_run(folder: str, jobs: int) -> dict[str, float]:
    """Code the corpus once (called in a fresh process by --child)."""
    from odskcode.codebook import load_codebook
    from odskcode.parallel import parse_and_code
    from odskcode.transcripts import plan_corpus

    codebook = load_codebook()
    plan = plan_corpus([folder])
    import odskcode.autocode  # noqa: F401  (import everything before the baseline)
    from odskcode.stem import _base_stemmer

    _base_stemmer()
    baseline = rss_kb()
    start = time.perf_counter()
    _, codings = parse_and_code(plan, codebook, n_jobs=jobs, keep_transcripts=False)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "codings": len(codings), "peak_above_kb": peak_kb() - baseline}


def floor_run(folder: str) -> dict[str, float]:
    """The pure-Python floor: what every run pays before any rule logic (called by --floor).

    Parse and segment each file, normalise its text, and walk the four Aho-Corasick automata
    the coder uses (words and co-occurrence terms, valence cues, root tails, regex literals)
    over it without looking at a single hit.
    """
    from odskcode.autocode import CompiledCodebook
    from odskcode.codebook import load_codebook
    from odskcode.text import normalize
    from odskcode.transcripts import parse_transcript, segments

    cc = CompiledCodebook(load_codebook())
    automata = [a for a in (cc.lexicon.automaton, cc.cues._automaton, cc.root_tails.automaton,
                            cc.regex_triggers.automaton) if a is not None]  # fmt: skip
    files = sorted(Path(folder).glob("*.md"))
    start = time.perf_counter()
    hits = 0
    for path in files:
        transcript = parse_transcript(path)
        segments(transcript, "turn")
        norm = normalize(transcript.text).text
        for automaton in automata:
            for _ in automaton.iter(norm):
                hits += 1
    return {"seconds": time.perf_counter() - start, "hits": hits}


def timed(cmd: list[str] | str, shell: bool = False) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, shell=shell, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--kb", type=int, default=100, help="approximate size of each file in KB")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20201)
    parser.add_argument("--child", nargs=2, metavar=("DIR", "JOBS"), help=argparse.SUPPRESS)
    parser.add_argument("--floor", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_run(args.child[0], int(args.child[1]))))
        return
    if args.floor:
        print(json.dumps(floor_run(args.floor)))
        return

    folder = Path(tempfile.mkdtemp(prefix="odskcode-bench-"))
    try:
        corpus_bytes, turns = make_corpus(folder, args.files, args.kb, args.seed)
        mb = corpus_bytes / 1e6
        print(f"corpus: {args.files} files, {mb:.1f} MB, {turns} informant turns (seed {args.seed})")
        results: dict[int, list[dict[str, float]]] = {1: [], 2: []}
        for _ in range(args.runs):
            for jobs in (1, 2):
                out = subprocess.run(
                    [sys.executable, __file__, "--child", str(folder), str(jobs)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                results[jobs].append(json.loads(out.stdout))
        med = {j: statistics.median(r["seconds"] for r in results[j]) for j in (1, 2)}
        for jobs in (1, 2):
            print(
                f"{jobs} job{'s' if jobs > 1 else ''}: {mb / med[jobs]:.1f} MB/s, {turns / med[jobs]:,.0f} turns/s "
                f"(median of {args.runs}: {med[jobs]:.2f} s; {int(results[jobs][0]['codings'])} codings)"
            )
        print(f"speed-up with 2 jobs: {med[1] / med[2]:.2f}x")
        from odskcode.pipeline import analyze

        sample = analyze([ROOT / "sample_interviews"])
        sample_bytes = sum(p.stat().st_size for p in (ROOT / "sample_interviews").glob("*.md"))
        sample_md = [c for c in sample.codings if c.transcript.endswith(".md")]
        print(
            f"density: {results[1][0]['codings'] / (corpus_bytes / 1e4):.1f} codings per 10 KB "
            f"(sample interviews: {len(sample_md) / (sample_bytes / 1e4):.1f})"
        )
        peak = statistics.median(r["peak_above_kb"] for r in results[1]) / 1024
        print(f"peak memory above baseline (1 job): {peak:.0f} MB = {peak / mb:.2f}x the corpus")

        from odskcode.codebook import load_codebook

        words = sorted({w for c in load_codebook().codes.values() for w in c.rules.words if "*" not in w})
        words_file = folder.parent / f"{folder.name}-words.txt"
        words_file.write_text("\n".join(words) + "\n", encoding="utf-8")
        grep = f"LC_ALL=C grep -owiFf {words_file} {folder}/*.md | wc -l"
        floor = statistics.median(timed(grep, shell=True) for _ in range(args.runs))
        print(f"floor, LC_ALL=C grep -owiFf WORDS | wc -l: {mb / floor:.1f} MB/s ({floor:.2f} s)")
        words_file.unlink()
        py_floor = statistics.median(
            json.loads(
                subprocess.run(
                    [sys.executable, __file__, "--floor", str(folder)], check=True, capture_output=True, text=True
                ).stdout
            )["seconds"]
            for _ in range(args.runs)
        )
        print(
            f"Python floor (parse, segment, normalise, 4 bare automaton passes; no rule logic): "
            f"{mb / py_floor:.1f} MB/s ({py_floor:.2f} s)"
        )

        exe = shutil.which("odskcode") or f"{sys.executable} -m odskcode"
        sample = ROOT / "sample_interviews"
        analyze = statistics.median(timed(f"{exe} analyze {sample}", shell=True) for _ in range(args.runs))
        help_ = statistics.median(timed(f"{exe} --help", shell=True) for _ in range(args.runs))
        print(f"odskcode analyze sample_interviews: {analyze:.2f} s; odskcode --help: {help_:.2f} s (medians)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
