"""Bilingual (Indonesian / English) messages, labels and table headers.

Every user-facing string of the library lives in :data:`MESSAGES` under a stable
key, in both languages. Library code builds :class:`Msg` objects (a key plus
parameters) and the caller renders them in the language it wants, so that
errors, validation problems, headers and prose all work in ``id`` and ``en``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

LANGS = ("id", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # --- generic -----------------------------------------------------------------
    "error": {"id": "Galat", "en": "Error"},
    "warning": {"id": "Peringatan", "en": "Warning"},
    "hint": {"id": "Saran", "en": "Hint"},
    "line": {"id": "baris", "en": "line"},
    # --- codebook problems --------------------------------------------------------
    "cb.yaml_syntax": {
        "id": "sintaks YAML tidak valid: {detail}",
        "en": "invalid YAML syntax: {detail}",
    },
    "cb.not_found": {"id": "berkas codebook tidak ditemukan", "en": "codebook file not found"},
    "cb.unreadable": {
        "id": "berkas codebook tidak dapat dibaca: {detail}",
        "en": "cannot read the codebook file: {detail}",
    },
    "cb.duplicate_key": {
        "id": "kunci YAML '{key}' muncul dua kali (pertama di baris {first})",
        "en": "YAML key '{key}' appears twice (first on line {first})",
    },
    "cb.not_mapping": {
        "id": "{what} harus berupa mapping (kunci: nilai)",
        "en": "{what} must be a mapping (key: value)",
    },
    "cb.not_list": {"id": "{what} harus berupa daftar", "en": "{what} must be a list"},
    "cb.not_string": {"id": "{what} harus berupa teks", "en": "{what} must be text"},
    "cb.missing_key": {"id": "{what} tidak memiliki '{key}'", "en": "{what} has no '{key}'"},
    "cb.unknown_key": {
        "id": "kunci tidak dikenal '{key}' pada {what}{suggestion}",
        "en": "unknown key '{key}' in {what}{suggestion}",
    },
    "cb.did_you_mean": {"id": " (maksud Anda '{word}'?)", "en": " (did you mean '{word}'?)"},
    "cb.bad_version": {
        "id": "odskcode_codebook harus 1, bukan {value}",
        "en": "odskcode_codebook must be 1, not {value}",
    },
    "cb.bad_id": {
        "id": "id kode '{value}' tidak valid: gunakan huruf kecil, angka dan _ , diawali huruf",
        "en": "invalid code id '{value}': use lower-case letters, digits and _, starting with a letter",
    },
    "cb.duplicate_id": {
        "id": "id kode '{value}' sudah dipakai di baris {first}",
        "en": "code id '{value}' is already used on line {first}",
    },
    "cb.missing_role": {
        "id": "kategori '{code}' tidak memiliki role (dimension, obstacle, effort, recommendation, other)",
        "en": "category '{code}' has no role (dimension, obstacle, effort, recommendation, other)",
    },
    "cb.bad_role": {
        "id": "role '{value}' tidak dikenal pada '{code}'{suggestion}; pilihan: {choices}",
        "en": "unknown role '{value}' on '{code}'{suggestion}; choose one of: {choices}",
    },
    "cb.child_role": {
        "id": "role hanya untuk kategori tingkat atas; '{code}' mewarisi role induknya",
        "en": "role belongs on top-level categories only; '{code}' inherits its parent's role",
    },
    "cb.missing_label": {"id": "kode '{code}' tidak memiliki label", "en": "code '{code}' has no label"},
    "cb.missing_label_lang": {
        "id": "kode '{code}' tidak memiliki label bahasa '{lang}'",
        "en": "code '{code}' has no '{lang}' label",
    },
    "cb.bad_lang": {
        "id": "bahasa '{lang}' tidak ada dalam languages ({langs})",
        "en": "language '{lang}' is not among the codebook's languages ({langs})",
    },
    "cb.bad_regex": {
        "id": "regex tidak valid pada '{code}': {detail}",
        "en": "invalid regex in '{code}': {detail}",
    },
    "cb.empty_rule": {
        "id": "aturan kosong pada '{code}'",
        "en": "empty rule in '{code}'",
    },
    "cb.bad_wildcard": {
        "id": "pola '{value}' pada '{code}': '*' hanya boleh di awal atau akhir satu kata (rencana*, *laporan)",
        "en": "pattern '{value}' in '{code}': '*' may only start or end a single word (rencana*, *laporan)",
    },
    "cb.bad_near": {
        "id": "near pada '{code}' perlu words (minimal 2) dan within (bilangan bulat 1-50)",
        "en": "near in '{code}' needs words (at least 2) and within (a whole number from 1 to 50)",
    },
    "cb.bad_all": {
        "id": "all pada '{code}' perlu minimal 2 kata per kelompok",
        "en": "all in '{code}' needs at least 2 terms per group",
    },
    "cb.bad_min_hits": {
        "id": "min_hits pada '{code}' harus bilangan bulat 1-20, bukan {value}",
        "en": "min_hits in '{code}' must be a whole number from 1 to 20, not {value}",
    },
    "cb.unknown_code": {
        "id": "not_with pada '{code}' menyebut kode '{value}' yang tidak ada{suggestion}",
        "en": "not_with in '{code}' names '{value}', which is not a code{suggestion}",
    },
    "cb.bad_pin": {
        "id": "stemming.pin harus berupa pasangan bentuk: akar",
        "en": "stemming.pin must be form: root pairs",
    },
    "cb.bad_by_role": {
        "id": "valence.by_role: '{role}: {value}' tidak valid; role harus salah satu role kode, nilai salah satu dari {valences}",
        "en": "valence.by_role: '{role}: {value}' is invalid; the key must be a role, the value one of {valences}",
    },
    "cb.bad_color": {
        "id": "warna '{value}' pada '{code}' harus berbentuk #rrggbb",
        "en": "colour '{value}' on '{code}' must look like #rrggbb",
    },
    "cb.no_codes": {"id": "codebook tidak memiliki kode", "en": "the codebook has no codes"},
    "cb.no_definition": {
        "id": "kode '{code}' tidak memiliki definisi",
        "en": "code '{code}' has no definition",
    },
    "cb.no_rules": {
        "id": "kode '{code}' tidak memiliki aturan pencocokan; hanya dapat dikode manual",
        "en": "code '{code}' has no matching rules; it can only be coded by hand",
    },
    "cb.bad_window": {
        "id": "valence.window harus bilangan bulat 1-10, bukan {value}",
        "en": "valence.window must be a whole number from 1 to 10, not {value}",
    },
    "cb.bad_level": {"id": "tingkat penilaian tidak valid: {detail}", "en": "invalid rating level: {detail}"},
    "cb.levels_order": {
        "id": "rating_scale.levels harus diurutkan dari min tertinggi ke terendah dan berakhir di 0",
        "en": "rating_scale.levels must run from the highest min down to a last level with min 0",
    },
    "cb.cue_conflict": {
        "id": "kata '{word}' ada di daftar positive dan negative sekaligus",
        "en": "'{word}' is in both the positive and the negative cue lists",
    },
    "cb.no_dimension": {
        "id": "tidak ada kategori ber-role dimension; tabel temuan akan kosong",
        "en": "no category has role dimension; the findings table will be empty",
    },
    "cb.invalid_hint": {
        "id": "perbaiki codebook lalu jalankan: odskcode codebook validate {path}",
        "en": "fix the codebook, then run: odskcode codebook validate {path}",
    },
    "cb.invalid": {
        "id": "codebook tidak valid ({n} galat); yang pertama: {first}",
        "en": "the codebook is invalid ({n} errors); first: {first}",
    },
    # --- transcripts ----------------------------------------------------------
    "tr.not_found": {"id": "berkas atau folder tidak ditemukan", "en": "no such file or folder"},
    "tr.no_files": {
        "id": "tidak ada transkrip (.md .txt .docx .vtt .srt) di folder ini",
        "en": "no transcripts (.md .txt .docx .vtt .srt) in this folder",
    },
    "tr.bad_suffix": {
        "id": "jenis berkas '{suffix}' tidak didukung; gunakan .md .txt .docx .vtt atau .srt",
        "en": "unsupported file type '{suffix}'; use .md .txt .docx .vtt or .srt",
    },
    "tr.empty": {"id": "berkas kosong", "en": "the file is empty"},
    "tr.binary": {
        "id": "berkas biner, bukan teks (byte NUL pada posisi {pos})",
        "en": "binary file, not text (NUL byte at position {pos})",
    },
    "tr.decode": {
        "id": "byte tidak dapat didekode sebagai {encoding} pada posisi {pos}",
        "en": "bytes cannot be decoded as {encoding} at position {pos}",
    },
    "tr.decode_hint": {
        "id": "simpan berkas sebagai UTF-8 (mis. di editor: Save As ... Encoding UTF-8)",
        "en": "save the file as UTF-8 (in an editor: Save As ... Encoding UTF-8)",
    },
    "tr.unterminated": {
        "id": "front matter dibuka dengan '---' tetapi tidak pernah ditutup",
        "en": "front matter opened with '---' is never closed",
    },
    "tr.unterminated_hint": {
        "id": "tambahkan baris '---' setelah metadata",
        "en": "add a line '---' after the metadata",
    },
    "tr.bad_front_matter": {
        "id": "YAML tidak valid dalam front matter: {detail}",
        "en": "invalid YAML in the front matter: {detail}",
    },
    "tr.front_matter_mapping": {
        "id": "front matter harus berupa pasangan kunci: nilai",
        "en": "the front matter must be key: value pairs",
    },
    "tr.no_informant": {
        "id": "informan untuk berkas ini tidak ditemukan",
        "en": "cannot find the informant of this file",
    },
    "tr.no_informant_hint": {
        "id": "tambahkan 'informant: I01' di front matter, atau baris '{file}' di informants.csv",
        "en": "add 'informant: I01' to the front matter, or a row for '{file}' in informants.csv",
    },
    "tr.duplicate_informant": {
        "id": "id informan '{informant}' sudah dipakai oleh {other}",
        "en": "informant id '{informant}' is already used by {other}",
    },
    "tr.duplicate_hint": {
        "id": "beri setiap informan id yang unik di front matter atau informants.csv",
        "en": "give each informant a unique id in the front matter or informants.csv",
    },
    "tr.duplicate_key": {
        "id": "transkrip ini memiliki kunci '{key}' yang sama dengan {other}",
        "en": "this transcript has the key '{key}', like {other}",
    },
    "tr.duplicate_key_hint": {
        "id": "beri nama berkas yang berbeda, atau baca satu folder induk agar kuncinya memuat subfolder",
        "en": "rename one file, or read their common parent folder so that keys include the subfolder",
    },
    "tr.unknown_label": {
        "id": "'{label}:' tampak seperti label pembicara tetapi tidak dikenal ({labels}); baris ini digabung ke giliran sebelumnya",
        "en": "'{label}:' looks like a speaker label but is not declared ({labels}); the line joins the previous turn",
    },
    "tr.no_turns": {
        "id": "tidak ada giliran bicara dengan label yang dikenal ({labels})",
        "en": "no speaker turns with a known label ({labels})",
    },
    "tr.no_turns_hint": {
        "id": "awali setiap giliran dengan 'LABEL: teks', atau set 'source: observasi' / 'dokumentasi' untuk teks tanpa pembicara",
        "en": "start each turn with 'LABEL: text', or set 'source: observasi' / 'dokumentasi' for text without speakers",
    },
    "tr.bad_source": {
        "id": "source '{value}' tidak dikenal; pilihan: wawancara, observasi, dokumentasi",
        "en": "unknown source '{value}'; choose one of: wawancara, observasi, dokumentasi",
    },
    "tr.bad_speakers": {
        "id": "'speakers' harus berupa mapping LABEL: ID_INFORMAN",
        "en": "'speakers' must be a mapping LABEL: INFORMANT_ID",
    },
    "tr.bad_docx": {
        "id": "berkas .docx rusak atau tidak valid: {detail}",
        "en": "corrupt or invalid .docx file: {detail}",
    },
    "tr.bad_cue": {
        "id": "cue tidak valid dekat baris ini: {detail}",
        "en": "invalid cue near this line: {detail}",
    },
    "tr.sheet_missing_col": {
        "id": "lembar informan tidak memiliki kolom '{column}'",
        "en": "the informants sheet has no '{column}' column",
    },
    "tr.sheet_bad_row": {
        "id": "baris lembar informan tanpa {column}",
        "en": "informants sheet row without {column}",
    },
    "tr.sheet_unreadable": {
        "id": "lembar informan tidak dapat dibaca: {detail}",
        "en": "cannot read the informants sheet: {detail}",
    },
    "tr.sheet_unknown_file": {
        "id": "lembar informan menyebut '{file}' yang tidak ada di folder; baris ini diabaikan",
        "en": "the informants sheet names '{file}', which is not in the folder; the row is ignored",
    },
    "tr.unit": {
        "id": "unit '{value}' tidak dikenal; pilihan: turn, paragraph, sentence",
        "en": "unknown unit '{value}'; choose one of: turn, paragraph, sentence",
    },
    # --- project ---------------------------------------------------------------
    "pr.not_found": {
        "id": "tidak ada proyek odskcode di folder ini atau di atasnya",
        "en": "no odskcode project in this folder or above it",
    },
    "pr.not_found_at": {
        "id": "'{path}' bukan proyek odskcode (tidak ada odskcode.yaml)",
        "en": "'{path}' is not an odskcode project (no odskcode.yaml)",
    },
    "pr.init_hint": {
        "id": "buat proyek dengan: odskcode init [FOLDER], atau pilih dengan --project FOLDER",
        "en": "create one with: odskcode init [DIR], or choose one with --project DIR",
    },
    "pr.exists": {"id": "proyek sudah ada di sini", "en": "a project already exists here"},
    "pr.codebook_exists": {
        "id": "codebook.yaml sudah ada di folder ini dan berbeda dari {source}",
        "en": "codebook.yaml already exists in this folder and differs from {source}",
    },
    "pr.codebook_exists_hint": {
        "id": "hapus atau ganti nama codebook.yaml, atau jalankan odskcode init tanpa --codebook untuk memakainya",
        "en": "remove or rename codebook.yaml, or run odskcode init without --codebook to use it",
    },
    "pr.exists_hint": {
        "id": "gunakan proyek ini, atau pilih folder lain untuk odskcode init",
        "en": "use this project, or give odskcode init another folder",
    },
    "pr.no_database": {"id": "basis data proyek tidak ditemukan", "en": "the project database is missing"},
    "pr.bad_database": {"id": "basis data proyek rusak: {detail}", "en": "the project database is damaged: {detail}"},
    "pr.schema_newer": {
        "id": "basis data berskema versi {found}, sedangkan odskcode ini hanya mengenal hingga {supported}",
        "en": "the database has schema version {found}; this odskcode knows up to {supported}",
    },
    "pr.bad_settings": {"id": "odskcode.yaml tidak valid: {detail}", "en": "invalid odskcode.yaml: {detail}"},
    "pr.changed": {
        "id": "{n} transkrip berubah sejak diimpor: {keys}",
        "en": "{n} transcripts changed since they were imported: {keys}",
        "en_one": "{n} transcript changed since it was imported: {keys}",
    },
    "pr.changed_hint": {
        "id": "impor ulang dengan --replace untuk memindahkan pengodean ke teks baru",
        "en": "import again with --replace to move their codings onto the new text",
    },
    "pr.duplicate_informant": {
        "id": "id informan '{informant}' sudah dipakai oleh transkrip proyek {other}",
        "en": "informant id '{informant}' is already used by the project's transcript {other}",
    },
    "pr.unknown_transcript": {
        "id": "transkrip '{key}' tidak ada di proyek",
        "en": "no transcript '{key}' in the project",
    },
    "pr.unknown_transcript_hint": {
        "id": "lihat daftarnya dengan: odskcode transcripts list",
        "en": "list them with: odskcode transcripts list",
    },
    "pr.empty": {"id": "proyek belum berisi transkrip", "en": "the project has no transcripts yet"},
    "pr.empty_hint": {
        "id": "impor transkrip dengan: odskcode import FOLDER",
        "en": "import transcripts with: odskcode import DIR",
    },
    # --- project command output --------------------------------------------------
    "out.init": {
        "id": "Proyek dibuat di {path} (codebook: {codebook}). Berikutnya: odskcode import FOLDER",
        "en": "Project created in {path} (codebook: {codebook}). Next: odskcode import DIR",
    },
    "out.import": {
        "id": "{added} ditambahkan, {unchanged} tidak berubah, {updated} metadata diperbarui, {replaced} diganti",
        "en": "{added} added, {unchanged} unchanged, {updated} metadata updated, {replaced} replaced",
    },
    "out.moved": {
        "id": "pengodean dipindahkan ke teks baru: {exact} tepat, {fuzzy} mirip",
        "en": "codings moved onto the new text: {exact} exact, {fuzzy} fuzzy",
    },
    "out.orphaned": {
        "id": "{n} pengodean tidak dapat ditempatkan; disimpan sebagai yatim (lihat: odskcode transcripts show TRANSKRIP):",
        "en": "{n} codings could not be placed; kept as orphaned (see: odskcode transcripts show TRANSCRIPT):",
        "en_one": "{n} coding could not be placed; kept as orphaned (see: odskcode transcripts show TRANSCRIPT):",
    },
    "out.next_autocode": {"id": "Berikutnya: odskcode autocode", "en": "Next: odskcode autocode"},
    "out.autocode": {
        "id": "{n} transkrip dikode: {codings} pengodean otomatis (menggantikan {removed}); {skipped} saran yang ditolak tidak ditambahkan lagi",
        "en": "{n} transcripts coded: {codings} auto codings (replacing {removed}); {skipped} rejected suggestions not re-added",
        "en_one": "{n} transcript coded: {codings} auto codings (replacing {removed}); {skipped} rejected suggestions not re-added",
    },
    "out.export": {"id": "{n} berkas ditulis ke {path}", "en": "{n} files written to {path}"},
    "out.orphan_header": {"id": "Pengodean yatim", "en": "Orphaned codings"},
    # --- manual coding: code, tag, untag, memo (odskcode/manual.py, session.py, cli/coding_cmd.py) ---
    "mc.coder_empty": {"id": "nama pengode kosong", "en": "the coder's name is empty"},
    "mc.coder_auto": {
        "id": "'auto' adalah nama pengode otomatis",
        "en": "'auto' is the auto-coder's name",
    },
    "mc.coder_hint": {
        "id": "beri nama Anda sendiri dengan --coder NAMA",
        "en": "give your own name with --coder NAME",
    },
    "mc.did_you_mean": {"id": "maksud Anda '{guess}'? {then}", "en": "did you mean '{guess}'? {then}"},
    "mc.unknown_segment": {"id": "{key} tidak memiliki segmen '{segment}'", "en": "{key} has no segment '{segment}'"},
    "mc.segments_hint": {
        "id": "lihat id segmennya dengan: odskcode transcripts show {key}",
        "en": "see its segment ids with: odskcode transcripts show {key}",
    },
    "mc.unknown_code": {
        "id": "kode '{code}' tidak ada di codebook proyek",
        "en": "no code '{code}' in the project's codebook",
    },
    "mc.unknown_codes": {
        "id": "kode {codes} tidak ada di codebook proyek",
        "en": "no codes {codes} in the project's codebook",
    },
    "mc.codes_hint": {
        "id": "lihat kodenya dengan: odskcode codebook show {path}",
        "en": "see the codes with: odskcode codebook show {path}",
    },
    "mc.bad_numbers": {
        "id": "'{value}' bukan nomor kalimat antara 1 dan {n} (misalnya 1,3-4)",
        "en": "'{value}' is not a list of sentence numbers from 1 to {n} (e.g. 1,3-4)",
    },
    "mc.bad_valence": {
        "id": "valensi '{value}' bukan salah satu dari {choices}",
        "en": "valence '{value}' is not one of {choices}",
    },
    "mc.memo_empty": {"id": "memo kosong", "en": "the memo is empty"},
    "mc.memo_code_needs_segment": {
        "id": "memo pada sebuah kode memerlukan segmen",
        "en": "a memo on a code needs a segment",
    },
    "mc.bad_code_id": {
        "id": "'{code}' bukan id kode yang sah: huruf kecil, angka dan _, bagian dipisah titik (misalnya kendala.anggaran)",
        "en": "'{code}' is not a valid code id: lower-case letters, digits and _, parts joined by dots (e.g. kendala.anggaran)",
    },
    "mc.code_exists": {
        "id": "kode '{code}' sudah ada di codebook proyek",
        "en": "code '{code}' already exists in the project's codebook",
    },
    "mc.no_parent": {
        "id": "tidak ada kode '{parent}' untuk menampung '{code}'",
        "en": "no code '{parent}' to put '{code}' under",
    },
    "mc.codebook_invalid": {
        "id": "codebook akan menjadi tidak valid: {detail}",
        "en": "the codebook would become invalid: {detail}",
    },
    "mc.progress": {
        "id": "{n} dari {total} segmen selesai dikode | pengode {coder}",
        "en": "coded {n} of {total} segments | coder {coder}",
    },
    "mc.segment_done": {"id": "(segmen ini selesai)", "en": "(this segment is done)"},
    "mc.segment": {"id": "segmen {segment}", "en": "segment {segment}"},
    "mc.keys1": {
        "id": "1-9 terima/tolak  Enter lanjut  a tambah kode  c kode baru  v valensi  m memo",
        "en": "1-9 accept/reject  Enter next  a add code  c new code  v valence  m memo",
    },
    "mc.keys2": {
        "id": "? bantuan  q keluar  s kalimat  b kembali  j lompat  < > gulir teks",
        "en": "? help  q quit  s sentences  b back  j jump  < > scroll text",
    },
    "mc.state.suggested": {"id": "saran", "en": "suggested"},
    "mc.state.accepted": {"id": "diterima", "en": "accepted"},
    "mc.state.rejected": {"id": "ditolak", "en": "rejected"},
    "mc.state.added": {"id": "ditambah", "en": "added"},
    "mc.sentences_short": {"id": "kal. {numbers}", "en": "sent. {numbers}"},
    "mc.no_codes_yet": {
        "id": "(belum ada kode; tambah dengan a, buat baru dengan c)",
        "en": "(no codes yet: add one with a, create one with c)",
    },
    "mc.more_codes": {"id": "+{n} kode lagi (tanpa nomor)", "en": "+{n} more codes (not numbered)"},
    "mc.more_text": {"id": "… {n} baris lagi (> untuk gulir)", "en": "… {n} more lines (> to scroll)"},
    "mc.more_above": {"id": "… {n} baris di atas (< untuk gulir)", "en": "… {n} lines above (< to scroll)"},
    "mc.memo_line": {"id": "memo: {memo}", "en": "memo: {memo}"},
    "mc.results": {"id": "Kode yang cocok dengan '{query}':", "en": "Codes matching '{query}':"},
    "mc.ask.key": {"id": "tombol: ", "en": "key: "},
    "mc.ask.jump": {
        "id": "id atau nomor segmen (1-{n}), Enter untuk batal: ",
        "en": "segment id or number (1-{n}), Enter to cancel: ",
    },
    "mc.ask.search": {
        "id": "cari kode (id atau label), Enter untuk batal: ",
        "en": "search codes (id or label), Enter to cancel: ",
    },
    "mc.ask.pick_result": {
        "id": "nomor kode yang ditambahkan (1-{n}), Esc untuk batal: ",
        "en": "number of the code to add (1-{n}), Esc to cancel: ",
    },
    "mc.ask.new_id": {
        "id": "id kode baru (misalnya kendala.anggaran), Enter untuk batal: ",
        "en": "new code id under an existing one (e.g. kendala.anggaran), Enter to cancel: ",
    },
    "mc.ask.label": {
        "id": "label ({lang}), Enter untuk '{default}': ",
        "en": "label ({lang}), Enter for '{default}': ",
    },
    "mc.ask.pick_valence": {
        "id": "valensi kode nomor berapa (1-{n}), Esc untuk batal: ",
        "en": "valence of which code (1-{n}), Esc to cancel: ",
    },
    "mc.ask.pick_sentences": {
        "id": "kalimat untuk kode nomor berapa (1-{n}), Esc untuk batal: ",
        "en": "sentences for which code (1-{n}), Esc to cancel: ",
    },
    "mc.ask.valence": {
        "id": "valensi {code}: p positif, n negatif, t netral: ",
        "en": "valence of {code}: p positif, n negatif, t netral: ",
    },
    "mc.ask.memo_target": {
        "id": "memo untuk: Enter segmen ini, 1-{n} sebuah kode, Esc batal: ",
        "en": "memo on: Enter this segment, 1-{n} a code, Esc cancels: ",
    },
    "mc.ask.memo": {"id": "memo untuk {target}, Enter untuk batal: ", "en": "memo on {target}, Enter to cancel: "},
    "mc.ask.sentences": {
        "id": "kalimat {code} (1-{n}, mis. 1,3-4; * semua), Enter batal: ",
        "en": "sentences of {code} (1-{n}, e.g. 1,3-4; * all), Enter cancels: ",
    },
    "mc.ask.help": {"id": "tekan tombol apa saja untuk kembali", "en": "press any key to go back"},
    "mc.msg.accepted": {"id": "diterima: {code}", "en": "accepted {code}"},
    "mc.msg.rejected": {"id": "ditolak: {code}", "en": "rejected {code}"},
    "mc.msg.removed": {"id": "dihapus: {code}", "en": "removed {code}"},
    "mc.msg.added": {"id": "ditambahkan: {code}", "en": "added {code}"},
    "mc.msg.unchanged": {"id": "{code} sudah ada di segmen ini", "en": "{code} is already on this segment"},
    "mc.msg.created": {
        "id": "kode baru {code} dibuat di codebook proyek dan ditambahkan di sini",
        "en": "created {code} in the project's codebook and added it here",
    },
    "mc.msg.valence": {"id": "valensi {code}: {valence}", "en": "valence of {code}: {valence}"},
    "mc.msg.memo_saved": {"id": "memo disimpan", "en": "memo saved"},
    "mc.msg.memo_unchanged": {"id": "memo tidak berubah", "en": "memo unchanged"},
    "mc.msg.current_memo": {"id": "memo sekarang: {memo}", "en": "current memo: {memo}"},
    "mc.msg.finished": {"id": "{segment} selesai", "en": "{segment} done"},
    "mc.msg.finished_accepted": {
        "id": "{segment} selesai; diterima: {codes}",
        "en": "{segment} done; accepted {codes}",
    },
    "mc.msg.back_to_first": {
        "id": "itu segmen terakhir; kembali ke segmen pertama yang belum dikode: {segment}",
        "en": "that was the last segment; back to the first one not yet coded: {segment}",
    },
    "mc.msg.first": {"id": "ini segmen pertama", "en": "this is the first segment"},
    "mc.msg.no_row": {"id": "tidak ada kode nomor {n} di segmen ini", "en": "there is no code {n} on this segment"},
    "mc.msg.rejected_row": {
        "id": "{code} ditolak: terima dulu, atau tulis memo segmen",
        "en": "{code} is rejected: accept it, or write a segment memo",
    },
    "mc.msg.no_codes": {
        "id": "segmen ini belum punya kode: tambah dengan a",
        "en": "this segment has no codes yet: add one with a",
    },
    "mc.msg.no_match": {"id": "tidak ada kode yang cocok dengan '{query}'", "en": "no code matches '{query}'"},
    "mc.msg.one_sentence": {"id": "segmen ini hanya satu kalimat", "en": "this segment is one sentence"},
    "mc.msg.sentences_set": {"id": "{code}: kalimat {numbers}", "en": "{code}: sentences {numbers}"},
    "mc.msg.whole": {"id": "{code}: seluruh segmen", "en": "{code}: the whole segment"},
    "mc.msg.cancelled": {"id": "dibatalkan", "en": "cancelled"},
    "mc.msg.unknown_key": {
        "id": "tombol '{key}' tidak dikenal (? untuk bantuan)",
        "en": "unknown key '{key}' (? for help)",
    },
    "mc.help.title": {"id": "Tombol", "en": "Keys"},
    "mc.help.toggle": {
        "id": "terima / tolak kode nomor itu (kode tambahan Anda: hapus)",
        "en": "accept / reject that code (a code you added: remove it)",
    },
    "mc.help.next": {
        "id": "segmen ini selesai: saran yang masih terpilih diterima; ke segmen berikutnya",
        "en": "this segment is done: suggestions still selected are accepted; go to the next",
    },
    "mc.help.add": {
        "id": "tambah kode: cari di id dan label (kedua bahasa)",
        "en": "add a code: search ids and labels (both languages)",
    },
    "mc.help.create": {
        "id": "buat kode baru di codebook proyek dan tambahkan ke segmen ini",
        "en": "create a new code in the project's codebook and add it here",
    },
    "mc.help.valence": {"id": "atur valensi sebuah kode (p, n, t)", "en": "set a code's valence (p, n, t)"},
    "mc.help.memo": {"id": "tulis memo untuk segmen atau sebuah kode", "en": "write a memo on the segment or a code"},
    "mc.help.sentences": {
        "id": "kode hanya beberapa kalimat segmen ini",
        "en": "code only some sentences of this segment",
    },
    "mc.help.back": {"id": "kembali ke segmen sebelumnya", "en": "go back to the previous segment"},
    "mc.help.jump": {"id": "lompat ke sebuah segmen", "en": "jump to a segment"},
    "mc.help.scroll": {"id": "gulir teks yang panjang", "en": "scroll a long text"},
    "mc.help.help": {"id": "bantuan ini", "en": "this help"},
    "mc.help.cancel": {"id": "batalkan pertanyaan", "en": "cancel a question"},
    "mc.help.quit": {"id": "keluar", "en": "quit"},
    "mc.help.saved": {
        "id": "Setiap keputusan langsung disimpan. Jalankan odskcode code lagi untuk melanjutkan dari segmen terakhir.",
        "en": "Every decision is saved at once. Run odskcode code again to go on where you stopped.",
    },
    "mc.end_all": {
        "id": "{key}: semua {total} segmen sudah dikode oleh {coder}",
        "en": "{key}: all {total} segments coded by {coder}",
    },
    "mc.end_partial": {
        "id": "{key}: {coder} sudah mengode {n} dari {total} segmen; lanjutkan dengan: {command}",
        "en": "{key}: {coder} has coded {n} of {total} segments; go on with: {command}",
    },
    "mc.nothing_left": {
        "id": "{key}: semua {total} segmen sudah dikode oleh {coder}; buka lagi satu segmen dengan --segment ID",
        "en": "{key}: all {total} segments are already coded by {coder}; revisit one with --segment ID",
    },
    "mc.out.added": {
        "id": "{key} {segment}: {code} ditambahkan ({coder})",
        "en": "{key} {segment}: added {code} ({coder})",
    },
    "mc.out.updated": {
        "id": "{key} {segment}: {code} diperbarui ({coder})",
        "en": "{key} {segment}: updated {code} ({coder})",
    },
    "mc.out.unchanged": {
        "id": "{key} {segment}: {code} sudah dikode oleh {coder}; tidak ada yang berubah",
        "en": "{key} {segment}: {code} already tagged by {coder}; nothing changed",
    },
    "mc.out.removed": {
        "id": "{key} {segment}: {code} dihapus ({coder})",
        "en": "{key} {segment}: removed {code} ({coder})",
    },
    "mc.out.absent": {
        "id": "{key} {segment}: {coder} tidak mengode {code}; tidak ada yang dihapus",
        "en": "{key} {segment}: {coder} had not tagged {code}; nothing removed",
    },
    "mc.out.rejected": {
        "id": "{key} {segment}: {code} ditolak oleh {coder}; autocode tidak akan menambahkannya lagi",
        "en": "{key} {segment}: {code} rejected by {coder}; autocode will not add it again",
    },
    "mc.out.memo_added": {"id": "{key} {where}: memo disimpan ({coder})", "en": "{key} {where}: memo saved ({coder})"},
    "mc.out.memo_updated": {
        "id": "{key} {where}: memo diganti ({coder})",
        "en": "{key} {where}: memo replaced ({coder})",
    },
    "mc.out.memo_unchanged": {
        "id": "{key} {where}: memo sama; tidak ada yang berubah",
        "en": "{key} {where}: same memo; nothing changed",
    },
    "mc.out.transcript": {"id": "(transkrip)", "en": "(transcript)"},
    # --- coders: segments, codings import/export, --coder/--consensus (issue 6) --------
    "co.unknown_coder": {
        "id": "tidak ada pengode '{coder}' di proyek; pengodenya: {coders}",
        "en": "no coder '{coder}' in the project; its coders: {coders}",
    },
    "co.consensus_too_high": {
        "id": "konsensus {k} pengode perlu sedikitnya {k} orang yang mengode; proyek ini punya {n}: {coders}",
        "en": "a consensus of {k} coders needs at least {k} people who coded; the project has {n}: {coders}",
    },
    "co.exclusive": {
        "id": "--coder dan --consensus tidak dapat dipakai bersama",
        "en": "--coder and --consensus cannot be used together",
    },
    "co.project_only": {
        "id": "--coder dan --consensus bekerja pada proyek, bukan pada PATH yang dikode otomatis di memori",
        "en": "--coder and --consensus work on a project, not on PATHs auto-coded in memory",
    },
    "rt.unknown_code": {
        "id": "kode '{code}' tidak ada di codebook{suggestion}",
        "en": "code '{code}' is not in the codebook{suggestion}",
    },
    "rt.unknown_informant": {
        "id": "tidak ada informan '{informant}'{suggestion}; informannya: {informants}",
        "en": "no informant '{informant}'{suggestion}; the informants: {informants}",
    },
    "rt.bad_regex": {
        "id": "'{pattern}' bukan regular expression yang valid: {detail}",
        "en": "'{pattern}' is not a valid regular expression: {detail}",
    },
    "rt.exclusive": {
        "id": "--uncoded dan --all tidak dapat dipakai bersama",
        "en": "--uncoded and --all cannot be used together",
    },
    "rt.needs_output": {
        "id": "--format {fmt} menulis berkas: tambahkan --output BERKAS.{fmt}",
        "en": "--format {fmt} writes a file: add --output FILE.{fmt}",
    },
    "rt.count": {"id": "{n} baris", "en": "{n} rows", "en_one": "{n} row"},
    "ci.bad_suffix": {
        "id": "berkas pengodean harus berakhiran .csv atau .xlsx, bukan '{suffix}'",
        "en": "the codings file must end in .csv or .xlsx, not '{suffix}'",
    },
    "ci.unreadable": {
        "id": "berkas pengodean tidak dapat dibaca: {detail}",
        "en": "cannot read the codings file: {detail}",
    },
    "ci.missing_column": {
        "id": "berkas tidak memiliki kolom '{column}' (perlu transcript, code, coder, dan segment atau start dan end)",
        "en": "the file has no '{column}' column (it needs transcript, code, coder, and segment or start and end)",
    },
    "ci.empty_cell": {"id": "'{column}' kosong", "en": "'{column}' is empty"},
    "ci.unknown_transcript": {
        "id": "transkrip '{key}' tidak ada di proyek{suggestion}",
        "en": "no transcript '{key}' in the project{suggestion}",
    },
    "ci.unknown_code": {
        "id": "kode '{code}' tidak ada di codebook proyek{suggestion}",
        "en": "code '{code}' is not in the project's codebook{suggestion}",
    },
    "ci.unknown_segment": {
        "id": "transkrip '{key}' tidak memiliki segmen '{segment}' (unit {unit}; segmennya {ids})",
        "en": "transcript '{key}' has no segment '{segment}' (unit {unit}; its segments are {ids})",
    },
    "ci.bad_decision": {
        "id": "keputusan '{value}' tidak dikenal; pilih {choices}",
        "en": "unknown decision '{value}'; use {choices}",
    },
    "ci.auto_decision": {
        "id": "pengode auto tidak mengambil keputusan; keputusan milik seseorang",
        "en": "coder auto makes no decisions; a decision belongs to a person",
    },
    "out.codings_decisions": {
        "id": "keputusan (ditinjau, diterima, ditolak): {added} ditambahkan, {unchanged} tidak berubah, {updated} diperbarui",
        "en": "decisions (reviewed, accepted, rejected): {added} added, {unchanged} unchanged, {updated} updated",
    },
    "ci.bad_coder": {
        "id": "nama pengode '{coder}' tidak boleh memuat '+'",
        "en": "coder name '{coder}' may not contain '+'",
    },
    "ci.bad_valence": {
        "id": "valensi '{value}' tidak dikenal; pilihan: positif, negatif, netral",
        "en": "unknown valence '{value}'; choose positif, negatif or netral",
    },
    "ci.bad_origin": {
        "id": "origin '{value}' tidak dikenal; pilihan: {choices}",
        "en": "unknown origin '{value}'; choose one of: {choices}",
    },
    "ci.bad_number": {
        "id": "'{column}' harus bilangan bulat, bukan '{value}'",
        "en": "'{column}' must be a whole number, not '{value}'",
    },
    "ci.half_range": {
        "id": "start dan end harus diisi keduanya atau tidak sama sekali",
        "en": "start and end go together: give both or neither",
    },
    "ci.no_place": {
        "id": "tidak ada segment, juga tidak ada start dan end",
        "en": "neither a segment nor start and end",
    },
    "ci.bad_range": {
        "id": "start/end {start}-{end} tidak berada di dalam teks '{key}' (0-{length})",
        "en": "start/end {start}-{end} do not lie within the text of '{key}' (0-{length})",
    },
    "ci.range_segment": {
        "id": "start/end {start}-{end} tidak dimulai di segmen {segment} ({a}-{b})",
        "en": "start/end {start}-{end} do not begin in segment {segment} ({a}-{b})",
    },
    "ci.text_differs": {
        "id": "kata-kata pada {start}-{end} di {key} adalah '{now}', bukan '{given}' seperti di baris ini: berkas "
        "dibuat dari versi lain transkrip (ekspor lagi, atau kosongkan sel text-nya agar baris ditempatkan menurut "
        "angkanya)",
        "en": "the words at {start}-{end} of {key} are '{now}', not this row's '{given}': the file was made from "
        "another version of the transcript (export it again, or empty its text cell to place the row by its numbers)",
    },
    "ci.duplicate": {
        "id": "mengulang baris {first} (transkrip, rentang, kode dan pengode sama) dengan {field} lain",
        "en": "repeats row {first} (same transcript, range, code and coder) with another {field}",
    },
    "ci.invalid": {
        "id": "{n} baris tidak dapat diimpor; tidak ada yang diubah",
        "en": "{n} rows cannot be imported; nothing was changed",
        "en_one": "{n} row cannot be imported; nothing was changed",
    },
    "ci.invalid_hint": {
        "id": "perbaiki baris berikut lalu impor lagi",
        "en": "fix these rows and import the file again",
    },
    "out.codings_import": {
        "id": "{added} ditambahkan, {unchanged} tidak berubah, {updated} diperbarui, {skipped} dilewati",
        "en": "{added} added, {unchanged} unchanged, {updated} updated, {skipped} skipped",
    },
    "out.codings_skipped_auto": {
        "id": "{n} baris pengode auto dilewati (impor dengan --include-auto untuk menyertakannya)",
        "en": "{n} rows of coder auto skipped (import with --include-auto to bring them in)",
        "en_one": "{n} row of coder auto skipped (import with --include-auto to bring it in)",
    },
    "out.codings_skipped_uncoded": {
        "id": "{n} baris tanpa kode dan pengode dilewati (segmen yang dibiarkan tidak dikode)",
        "en": "{n} rows without a code and a coder skipped (segments left uncoded)",
        "en_one": "{n} row without a code and a coder skipped (a segment left uncoded)",
    },
    "out.codings_export_decisions": {
        "id": " (dan {n} keputusan)",
        "en": " (and {n} decisions)",
        "en_one": " (and {n} decision)",
    },
    "out.codings_export": {
        "id": "{n} pengodean ditulis ke {path}",
        "en": "{n} codings written to {path}",
        "en_one": "{n} coding written to {path}",
    },
    # --- evaluate --------------------------------------------------------------
    "ev.missing_column": {
        "id": "berkas gold tidak memiliki kolom '{column}' (perlu transcript, segment, code)",
        "en": "the gold file has no '{column}' column (it needs transcript, segment, code)",
    },
    "ev.unknown_code": {
        "id": "kode '{code}' tidak ada di codebook",
        "en": "code '{code}' is not in the codebook",
    },
    "ev.unknown_transcript": {
        "id": "transkrip '{key}' tidak ditemukan di antara transkrip yang dibaca",
        "en": "transcript '{key}' is not among the transcripts read",
    },
    "ev.unknown_segment": {
        "id": "transkrip '{key}' tidak memiliki segmen '{segment}'",
        "en": "transcript '{key}' has no segment '{segment}'",
    },
    "ex.unknown_segment": {
        "id": "transkrip '{key}' tidak memiliki segmen '{segment}' (unit {unit})",
        "en": "transcript '{key}' has no segment '{segment}' (unit {unit})",
    },
    "ex.unknown_segment_hint": {
        "id": "lihat id segmen dengan: odskcode segments {key}",
        "en": "see the segment ids with: odskcode transcripts show {key}",
    },
    # --- tables ----------------------------------------------------------------
    "tb.bad_values": {
        "id": "nilai matriks '{value}' tidak dikenal; pilihan: {choices}",
        "en": "unknown matrix values '{value}'; choose one of: {choices}",
    },
    "tb.unknown_field": {
        "id": "tidak ada kolom metadata '{field}'; yang ada: {fields}",
        "en": "no metadata field '{field}'; available: {fields}",
    },
    "tb.unknown_field_hint": {
        "id": "tambahkan kolom itu di informants.csv atau di front matter",
        "en": "add that column to informants.csv or the front matter",
    },
    "tb.code_hint": {
        "id": "lihat id kode dengan: odskcode codebook show",
        "en": "see the code ids with: odskcode codebook show",
    },
    # --- narrative -------------------------------------------------------------
    "q.all": {"id": "semua informan", "en": "all informants"},
    "q.almost_all": {"id": "hampir semua informan", "en": "almost all informants"},
    "q.most": {"id": "sebagian besar informan", "en": "most informants"},
    "q.half": {"id": "separuh informan", "en": "half of the informants"},
    "q.some": {"id": "beberapa informan", "en": "some informants"},
    "q.few": {"id": "sebagian kecil informan", "en": "a few informants"},
    "q.one": {"id": "satu informan", "en": "one informant"},
    "q.none": {"id": "tidak ada informan", "en": "no informant"},
    "w.and": {"id": " dan ", "en": " and "},
    "w.while": {"id": ", sedangkan ", "en": ", while "},
    "w.comma": {"id": ", ", "en": ", "},
    "n.count": {"id": "{label} ({n})", "en": "{label} ({n})"},
    "n.count_inf": {
        "id": "{label} ({n} informan)",
        "en": "{label} ({n} informants)",
        "en_one": "{label} ({n} informant)",
    },
    "n.spoke": {
        "id": "Pada dimensi {dimension}, {who} ({n} dari {total}) memberikan keterangan.",
        "en": "On {dimension}, {who} ({n} of {total}) gave an account.",
    },
    "n.indicators": {
        "id": "Indikator yang dibahas adalah {items}.",
        "en": "They spoke of {items}.",
    },
    "n.judged": {
        "id": "Dari informan yang memberi penilaian, {who} ({n} dari {total}) menilai positif.",
        "en": "Of those who judged it, {who} ({n} of {total}) judged it positively.",
    },
    "n.negative": {"id": "{n} informan menilai negatif", "en": "{n} judged it negatively"},
    "n.mixed": {"id": "{n} informan memberi penilaian campuran", "en": "{n} gave a mixed judgement"},
    "n.obstacle": {
        "id": "Kendala yang paling sering disebut adalah {first}",
        "en": "The obstacle raised most often was {first}",
    },
    "n.obstacles_all": {
        "id": "Secara umum, kendala yang paling sering disebut adalah {first}",
        "en": "Across the dimensions, the obstacle raised most often was {first}",
    },
    "n.met_by": {
        "id": "{obstacle} diatasi melalui {items}",
        "en": "the responses to {obstacle} were {items}",
    },
    "n.obstacle_more": {"id": ", disusul {items}", "en": ", followed by {items}"},
    "n.overcome": {"id": ", yang diatasi melalui {items}", "en": ", met by {items}"},
    "n.efforts_only": {
        "id": "Upaya yang disebut adalah {items}.",
        "en": "The efforts mentioned were {items}.",
    },
    "n.no_obstacle": {
        "id": "Tidak ada kendala yang disebut terkait dimensi ini.",
        "en": "No obstacle was raised in connection with this dimension.",
    },
    "n.verdict": {
        "id": "Dengan demikian, {dimension} dinilai {assessment} (proporsi penilaian positif {share}).",
        "en": "{dimension} is therefore judged {assessment} (share of positive judgements {share}).",
    },
    "n.conclusion": {
        "id": "Secara keseluruhan, {title} dinilai {level}{reservation} ({n} dari {total} penilaian informan positif).",
        "en": "Overall, {title} is {level}{reservation} ({n} of {total} informant judgements positive).",
    },
    "n.conclusion_none": {
        "id": "Belum ada penilaian informan untuk menyimpulkan {title}.",
        "en": "There are no informant judgements yet to conclude on {title}.",
    },
    "n.each": {"id": "Per dimensi: {items}.", "en": "By dimension: {items}."},
    "n.recommendations": {
        "id": "Saran yang disampaikan informan meliputi {items}.",
        "en": "Informants recommended {items}.",
    },
    # --- report table titles and column labels ---------------------------------
    "tt.findings": {"id": "Temuan", "en": "Findings"},
    "tt.narrative": {"id": "Uraian hasil penelitian", "en": "Results in prose"},
    "tt.matrix": {"id": "Matriks informan × kode", "en": "Informant × code matrix"},
    "tt.matrix_segments": {"id": "Matriks informan × kode (jumlah segmen)", "en": "Informant × code matrix (segments)"},
    "tt.frequencies": {"id": "Frekuensi kode", "en": "Code frequencies"},
    "tt.cooccurrence": {"id": "Ko-okurensi kode (segmen)", "en": "Code co-occurrence (segments)"},
    "tt.by_group": {"id": "Penilaian per kelompok informan", "en": "Judgements by informant group"},
    "tt.segments": {"id": "Segmen terkode", "en": "Coded segments"},
    "tt.sources": {"id": "Sumber data", "en": "Sources"},
    "tt.heatmap": {"id": "Peta panas informan × kode (jumlah segmen)", "en": "Heatmap of informant × code (segments)"},
    "h.informant": {"id": "Informan", "en": "Informant"},
    "c.label": {"id": "Kode", "en": "Code"},
    "c.segments": {"id": "Segmen", "en": "Segments"},
    "c.informants": {"id": "Informan", "en": "Informants"},
    "c.observations": {"id": "Observasi", "en": "Observations"},
    "c.documents": {"id": "Dokumen", "en": "Documents"},
    "c.positive": {"id": "Positif", "en": "Positive"},
    "c.negative": {"id": "Negatif", "en": "Negative"},
    "c.neutral": {"id": "Netral", "en": "Neutral"},
    "c.mixed": {"id": "Campuran", "en": "Mixed"},
    "c.group": {"id": "Kelompok", "en": "Group"},
    "c.total": {"id": "Jumlah", "en": "Total"},
    "c.judgement": {"id": "Penilaian", "en": "Judgement"},
    "anon.name": {"id": "[nama]", "en": "[name]"},
    "ap.transcript": {"id": "Transkrip", "en": "Transcript"},
    "ap.segment": {"id": "Segmen", "en": "Segment"},
    "ap.text": {"id": "Teks", "en": "Text"},
    "ap.codes": {"id": "Kode", "en": "Codes"},
    "ap.title": {"id": "Lampiran: transkrip terkode", "en": "Appendix: coded transcripts"},
    "pl.kind": {
        "id": "jenis grafik '{kind}' tidak dikenal; pilihan: {kinds}",
        "en": "unknown figure '{kind}'; choose one of: {kinds}",
    },
    "pl.suffix": {
        "id": "berkas gambar harus berakhiran .png, .svg atau .pdf, bukan '{suffix}'",
        "en": "the figure file must end in .png, .svg or .pdf, not '{suffix}'",
    },
    "pl.missing": {"id": "matplotlib belum terpasang", "en": "matplotlib is not installed"},
    "pl.missing_hint": {
        "id": "pasang dengan: pip install 'odskcode[plot]', atau tanpa --output untuk grafik di terminal",
        "en": "install it with: pip install 'odskcode[plot]', or leave out --output for a chart in the terminal",
    },
    # --- agreement (odskcode agreement: inter-coder agreement) --------------------
    "ag.and": {"id": " dan ", "en": " and "},
    "ag.none": {"id": "(tidak ada)", "en": "(none)"},
    "ag.bad_unit": {
        "id": "satuan '{value}' tidak dikenal; pilihan: {units}",
        "en": "unknown unit '{value}'; choose one of: {units}",
    },
    "ag.few_coders": {
        "id": "kesepakatan memerlukan sedikitnya dua pengode yang berbeda",
        "en": "agreement needs at least two different coders",
    },
    "ag.few_coders_hint": {
        "id": "sebutkan dengan --coders, misalnya --coders ani budi",
        "en": "name them with --coders, e.g. --coders ani budi",
    },
    "ag.usage_coders": {
        "id": "sebutkan sedikitnya dua pengode yang berbeda, misalnya --coders ani budi",
        "en": "give at least two different coders, e.g. --coders ani budi",
    },
    "ag.usage_sources": {
        "id": "tabel sources hanya ada dengan --unit character",
        "en": "the sources table comes with --unit character",
    },
    "ag.unknown_coder": {
        "id": "tidak ada pengode '{coder}' dalam proyek; pengodenya: {coders}",
        "en": "no coder '{coder}' in the project; its coders are: {coders}",
    },
    "ag.unknown_coder_hint": {
        "id": "bandingkan dua di antaranya, misalnya: {example}",
        "en": "compare two of them, e.g.: {example}",
    },
    "ag.no_coders_hint": {
        "id": "biarkan setiap pengode mengode transkrip yang sama dengan namanya sendiri lebih dahulu (odskcode tag, atau odskcode codings import)",
        "en": "first let each coder code the same transcripts under their own name (odskcode tag, or odskcode codings import)",
    },
    "ag.unknown_code": {
        "id": "tidak ada kode '{code}' di codebook maupun di pengodean",
        "en": "no code '{code}' in the codebook or in the codings",
    },
    "ag.unknown_code_hint": {
        "id": "lihat kode proyek dengan: odskcode codebook show codebook.yaml",
        "en": "see the project's codes with: odskcode codebook show codebook.yaml",
    },
    "ag.stat.percent_agreement": {"id": "persentase kesepakatan", "en": "percent agreement"},
    "ag.stat.cohen_kappa": {"id": "kappa Cohen", "en": "Cohen's kappa"},
    "ag.stat.krippendorff_alpha": {"id": "alpha Krippendorff", "en": "Krippendorff's alpha"},
    "ag.note": {"id": "{stats} tidak terdefinisi: {reason}", "en": "{stats} undefined: {reason}"},
    "ag.why.no_pairable.segment": {
        "id": "tidak ada segmen yang dikode atau ditinjau oleh dua pengode",
        "en": "no segment was coded or reviewed by two of the coders",
    },
    "ag.why.no_pairable.character": {
        "id": "tidak ada transkrip yang dikode atau ditinjau oleh dua pengode",
        "en": "no transcript was coded or reviewed by two of the coders",
    },
    "ag.why.two_coders": {
        "id": "kappa Cohen membandingkan dua pengode, bukan {n}: gunakan alpha Krippendorff",
        "en": "Cohen's kappa compares two coders, not {n}: read Krippendorff's alpha",
    },
    "ag.why.unused": {
        "id": "tidak ada pengode yang memakai kode ini pada {units} yang dibandingkan, sehingga kesepakatan karena kebetulan sudah penuh (0/0)",
        "en": "no coder used this code on the {units} compared, so chance agreement is complete (0/0)",
    },
    "ag.why.everywhere": {
        "id": "setiap pengode memberi kode ini pada semua {units} yang dibandingkan, sehingga kesepakatan karena kebetulan sudah penuh (0/0)",
        "en": "every coder gave this code to all the {units} compared, so chance agreement is complete (0/0)",
    },
    "ag.units.segment": {"id": "segmen", "en": "segments"},
    "ag.units.character": {"id": "karakter", "en": "characters"},
    "ag.mean_part": {"id": "{stat} {k} dari {n}", "en": "{stat} {k} of {n}"},
    "ag.mean_over": {
        "id": "rerata dihitung atas kode yang statistiknya terdefinisi: {parts}",
        "en": "means are over the codes where the statistic is defined: {parts}",
    },
    "ag.title": {
        "id": "Kesepakatan antarpengode {coders}, satuan: {unit}",
        "en": "Inter-coder agreement of {coders}, unit: {unit}",
    },
    "ag.unit.segment": {"id": "segmen ({segment_unit})", "en": "segment ({segment_unit})"},
    "ag.unit.character": {"id": "karakter (NVivo)", "en": "character (NVivo)"},
    "ag.tt.codes": {"id": "Kesepakatan per kode", "en": "Agreement per code"},
    "ag.tt.overall": {"id": "Keseluruhan", "en": "Overall"},
    "ag.tt.sources": {"id": "Kesepakatan per kode dan transkrip", "en": "Agreement per code and transcript"},
    "ag.tt.disagreements": {"id": "Ketidaksepakatan ({shown} dari {n})", "en": "Disagreements ({shown} of {n})"},
    "ag.tt.notes": {"id": "Catatan", "en": "Notes"},
    "ag.pooled.segment": {"id": "gabungan pasangan (segmen, kode)", "en": "pooled over (segment, code) pairs"},
    "ag.pooled.character": {"id": "gabungan pasangan (karakter, kode)", "en": "pooled over (character, code) pairs"},
    "ag.mean": {"id": "rerata antarkode", "en": "mean over codes"},
    "ag.h.scope": {"id": "Cakupan", "en": "Scope"},
    "ag.h.code": {"id": "Kode", "en": "Code"},
    "ag.h.label": {"id": "Label", "en": "Label"},
    "ag.h.units.segment": {"id": "Segmen", "en": "Segments"},
    "ag.h.units.character": {"id": "Karakter", "en": "Characters"},
    "ag.h.characters": {"id": "Karakter", "en": "Characters"},
    "ag.h.pairable": {"id": "Dibandingkan", "en": "Compared"},
    "ag.h.agreements": {"id": "Sepakat", "en": "Agree"},
    "ag.h.percent_agreement": {"id": "% kesepakatan", "en": "% agreement"},
    "ag.h.cohen_kappa": {"id": "κ Cohen", "en": "Cohen's κ"},
    "ag.h.krippendorff_alpha": {"id": "α Krippendorff", "en": "Krippendorff's α"},
    "ag.h.cohen_kappa_source_mean": {"id": "κ, rerata transkrip", "en": "κ, mean of transcripts"},
    "ag.h.note": {"id": "Catatan", "en": "Note"},
    "ag.h.transcript": {"id": "Transkrip", "en": "Transcript"},
    "ag.h.segment": {"id": "Segmen", "en": "Segment"},
    "ag.h.start": {"id": "Awal", "en": "Start"},
    "ag.h.end": {"id": "Akhir", "en": "End"},
    "ag.h.coded_by": {"id": "Dikode oleh", "en": "Coded by"},
    "ag.h.not_coded_by": {"id": "Tidak dikode oleh", "en": "Not coded by"},
    "ag.h.text": {"id": "Teks", "en": "Text"},
    "ag.hs.units.segment": {"id": "Seg.", "en": "Seg."},
    "ag.hs.units.character": {"id": "Kar.", "en": "Char."},
    "ag.hs.characters": {"id": "Kar.", "en": "Char."},
    "ag.hs.pairable": {"id": "Band.", "en": "Comp."},
    "ag.hs.agreements": {"id": "Sep.", "en": "Agr."},
    "ag.hs.percent_agreement": {"id": "%", "en": "%"},
    "ag.hs.cohen_kappa": {"id": "κ", "en": "κ"},
    "ag.hs.krippendorff_alpha": {"id": "α", "en": "α"},
    "ag.hs.cohen_kappa_source_mean": {"id": "κ sumber", "en": "κ src"},
    # --- export ----------------------------------------------------------------
    "ex.not_dir": {"id": "'{path}' bukan folder", "en": "'{path}' is not a folder"},
    "ex.write_failed": {"id": "gagal menulis berkas: {detail}", "en": "could not write the files: {detail}"},
    # --- code management: codes rename|merge|move, codebook diff --------------
    "codes.unknown": {
        "id": "tidak ada kode '{code}' di {file}{suggestion}",
        "en": "no code '{code}' in {file}{suggestion}",
    },
    "codes.no_parent": {
        "id": "tidak ada kode induk '{code}' di {file}{suggestion}",
        "en": "no parent code '{code}' in {file}{suggestion}",
    },
    "codes.unknown_hint": {
        "id": "lihat daftar kode dengan: odskcode codebook show {file}",
        "en": "see the codes with: odskcode codebook show {file}",
    },
    "codes.bad_id": {
        "id": "id kode '{code}' tidak valid: setiap bagian berupa huruf kecil, angka dan _, diawali huruf",
        "en": "invalid code id '{code}': each part must be lower-case letters, digits and _, starting with a letter",
    },
    "codes.exists": {"id": "kode '{code}' sudah ada di {file}", "en": "code '{code}' already exists in {file}"},
    "codes.exists_hint": {
        "id": "untuk memindahkan pengodean '{old}' ke kode itu: odskcode codes merge {old} --into {code}",
        "en": "to put the codings of '{old}' into it, use: odskcode codes merge {old} --into {code}",
    },
    "codes.same": {
        "id": "'{code}' sudah memakai id itu di tempat itu; tidak ada yang diubah",
        "en": "'{code}' already has that id in that place; nothing to change",
    },
    "codes.into_self": {
        "id": "'{code}' tidak dapat diletakkan di bawah dirinya sendiri ('{new}')",
        "en": "cannot put '{code}' under itself ('{new}')",
    },
    "codes.merge_self": {
        "id": "'{code}' tidak dapat digabungkan ke dirinya sendiri",
        "en": "cannot merge '{code}' into itself",
    },
    "codes.merge_children": {
        "id": "'{code}' memiliki subkode; pindahkan atau gabungkan subkodenya terlebih dahulu",
        "en": "'{code}' has child codes; move or merge them first",
    },
    "codes.merge_children_hint": {
        "id": "misalnya: odskcode codes move {child} --to {target}",
        "en": "for example: odskcode codes move {child} --to {target}",
    },
    "codes.merge_into": {
        "id": "sebutkan kode tujuan dengan --into TUJUAN (atau: SUMBER... into TUJUAN)",
        "en": "name the target with --into TARGET (or: SOURCE... into TARGET)",
    },
    "codes.move_to": {
        "id": "pilih salah satu: --to INDUK atau --to-root",
        "en": "give exactly one of --to PARENT and --to-root",
    },
    "codes.codebook_changed": {
        "id": "{file} berubah selama perintah berjalan; tidak ada yang diubah",
        "en": "{file} changed while the command ran; nothing was changed",
    },
    "codes.again_hint": {"id": "jalankan perintahnya lagi", "en": "run the command again"},
    "codes.write_failed": {
        "id": "gagal menulis {file}: {detail}; tidak ada yang diubah",
        "en": "could not write {file}: {detail}; nothing was changed",
    },
    "codes.restore_failed": {
        "id": "basis data tidak diubah, tetapi {file} tidak dapat dikembalikan: {detail}; codebook sebelumnya ada di {backup}",
        "en": "the database was not changed, but {file} could not be put back: {detail}; the previous codebook is in {backup}",
    },
    "codes.bad_result": {
        "id": "codebook hasil perubahan tidak valid: {first}; tidak ada yang diubah",
        "en": "the changed codebook would not be valid: {first}; nothing was changed",
    },
    "codes.out.rename": {"id": "Kode {old} diganti namanya menjadi {new}", "en": "Renamed {old} to {new}"},
    "codes.out.move": {"id": "Kode {old} dipindahkan menjadi {new}", "en": "Moved {old} to {new}"},
    "codes.out.merge": {"id": "{sources} digabungkan ke {target}", "en": "Merged {sources} into {target}"},
    "codes.out.dry_run": {
        "id": "Uji coba (--dry-run): tidak ada yang diubah. Yang akan terjadi:",
        "en": "Dry run: nothing was changed. This is what would happen:",
    },
    "codes.out.codings": {
        "id": "pengodean: {moved} dibawa ke kode baru, {collapsed} duplikat dilebur; di proyek: {before} sebelum, {after} sesudah",
        "en": "codings: {moved} carried over, {collapsed} duplicates collapsed; in the project: {before} before, {after} after",
    },
    "codes.out.decisions": {
        "id": "keputusan: {moved} dibawa, {collapsed} duplikat dilebur",
        "en": "decisions: {moved} carried over, {collapsed} duplicates collapsed",
    },
    "codes.out.memos": {"id": "memo: {n} dibawa", "en": "memos: {n} carried over"},
    "codes.out.valence_conflicts": {
        "id": "{n} duplikat yang dilebur memiliki valensi lain; valensi pengodean yang dipertahankan berlaku (rinciannya di log proyek)",
        "en": "{n} collapsed duplicates had another valence; the kept coding's valence stands (details in the project log)",
        "en_one": "{n} collapsed duplicate had another valence; the kept coding's valence stands (details in the project log)",
    },
    "codes.out.decision_conflicts": {
        "id": "{n} keputusan yang dilebur berbeda (diterima/ditolak); keputusan yang dipertahankan berlaku",
        "en": "{n} collapsed decisions said otherwise (accepted/rejected); the kept decision stands",
        "en_one": "{n} collapsed decision said otherwise (accepted/rejected); the kept decision stands",
    },
    "codes.out.role": {
        "id": "peran berubah dari {old} menjadi {new}: tabel akan menghitungnya sebagai {new}",
        "en": "the role changes from {old} to {new}: tables will count it as {new}",
    },
    "codes.out.folded": {"id": "ditambahkan ke {target}: {items}", "en": "added to {target}: {items}"},
    "codes.out.mentions": {
        "id": "{n} sebutan id dalam definisi dan petunjuk pemakaian diperbarui; periksa kembali",
        "en": "{n} mentions of the ids in definitions and when-to-use texts updated; read them over",
        "en_one": "{n} mention of an id in a definition or when-to-use text updated; read it over",
    },
    "codes.out.layout": {
        "id": "tata letak {file} tidak dapat dipertahankan: berkas ditulis ulang dari datanya, tanpa komentar",
        "en": "the layout of {file} could not be kept: it is written anew from its data, without comments",
    },
    "codes.out.written": {
        "id": "{file} dan basis data proyek diperbarui",
        "en": "{file} and the project database updated",
    },
    "cbdiff.title": {"id": "Perubahan codebook: {old} → {new}", "en": "Codebook changes: {old} → {new}"},
    "cbdiff.same": {"id": "Tidak ada perbedaan", "en": "No differences"},
    "cbdiff.summary": {
        "id": "{added} ditambah, {removed} dihapus, {renamed} diganti nama, {moved} dipindah, {changed} perubahan isi",
        "en": "{added} added, {removed} removed, {renamed} renamed, {moved} moved, {changed} changes of content",
    },
    "h.change": {"id": "Perubahan", "en": "Change"},
    "h.new_code": {"id": "Kode baru", "en": "New code"},
    "h.field": {"id": "Bagian", "en": "Field"},
    "h.old": {"id": "Lama (dihapus)", "en": "Old (taken out)"},
    "h.new": {"id": "Baru (ditambah)", "en": "New (put in)"},
    # --- table headers (id/en) ------------------------------------------------
    "h.dimension": {"id": "Dimensi", "en": "Dimension"},
    "h.indicators": {"id": "Indikator", "en": "Indicators"},
    "h.informants": {"id": "Informan (n/N)", "en": "Informants (n/N)"},
    "h.judgements": {"id": "+ / − / ±", "en": "+ / − / ±"},
    "h.kendala": {"id": "Kendala (informan)", "en": "Obstacles (informants)"},
    "h.upaya": {"id": "Upaya (informan)", "en": "Efforts (informants)"},
    "h.assessment": {"id": "Penilaian", "en": "Assessment"},
    "h.quote": {"id": "Kutipan", "en": "Quote"},
    "h.other": {"id": "Sumber lain", "en": "Other sources"},
    "h.code": {"id": "Kode", "en": "Code"},
    "h.label": {"id": "Label", "en": "Label"},
    "h.role": {"id": "Peran", "en": "Role"},
    "h.rules": {"id": "Aturan", "en": "Rules"},
    "title.findings": {
        "id": "Temuan per dimensi — {title}",
        "en": "Findings by dimension — {title}",
    },
    "caption.corpus": {"id": "Korpus: {corpus}", "en": "Corpus: {corpus}"},
    "caption.unit": {
        "id": "Satuan hitung: informan wawancara (N = {n}); kendala dan upaya: jumlah informan yang menyebutnya.",
        "en": "Counting unit: interview informants (N = {n}); obstacles and efforts: number of informants who raised them.",
    },
    "caption.rule": {"id": "Aturan penilaian: {rule}", "en": "Verdict rule: {rule}"},
    "corpus.informants": {"id": "{n} informan", "en": "{n} informants", "en_one": "{n} informant"},
    "corpus.observations": {"id": "{n} observasi", "en": "{n} observations", "en_one": "{n} observation"},
    "corpus.documents": {"id": "{n} dokumen", "en": "{n} documents", "en_one": "{n} document"},
    "rule.share": {
        "id": "proporsi informan menilai positif di antara yang menilai (positif + negatif + campuran): {levels}",
        "en": "share of informants judging positively among those who judged (positive + negative + mixed): {levels}",
    },
    "rule.reservation": {
        "id": 'ditambah "{reservation}" bila ada informan menilai negatif atau campuran, atau menyebut kendala yang terkait',
        "en": 'plus "{reservation}" when any informant judged negatively or mixed, or raised a linked obstacle',
    },
    "assessment.none": {"id": "belum dapat dinilai", "en": "cannot be assessed"},
    "cb.unknown_set_code": {
        "id": "set '{name}' menyebut kode yang tidak ada: '{value}' (diabaikan)",
        "en": "set '{name}' names a code that does not exist: '{value}' (ignored)",
    },
    # --- REFI-QDA import and export (odskcode/refi.py) -----------------------------------
    "refi.hint": {
        "id": "periksa berkasnya atau ekspor ulang dari program asalnya; lihat docs/refi-qda.md",
        "en": "check the file or export it again from the program that made it; see docs/refi-qda.md",
    },
    "refi.not_found": {"id": "berkas tidak ditemukan", "en": "file not found"},
    "refi.not_found_hint": {
        "id": "periksa jalurnya; ekspor proyek dari NVivo/ATLAS.ti/MAXQDA/QualCoder sebagai REFI-QDA (.qdpx)",
        "en": "check the path; export the project from NVivo/ATLAS.ti/MAXQDA/QualCoder as REFI-QDA (.qdpx)",
    },
    "refi.not_zip": {
        "id": "bukan arsip .qdpx yang utuh (zip rusak atau terpotong): {detail}",
        "en": "not a complete .qdpx archive (a damaged or truncated zip): {detail}",
    },
    "refi.too_many": {"id": "arsip berisi terlalu banyak berkas ({n})", "en": "the archive holds too many files ({n})"},
    "refi.escape": {
        "id": "anggota arsip '{member}' menunjuk ke luar folder proyek; berkas ditolak",
        "en": "archive member '{member}' points outside the project folder; file refused",
    },
    "refi.bomb": {
        "id": "anggota arsip '{member}' mengembang melampaui batas aman ({size} bita); berkas ditolak",
        "en": "archive member '{member}' inflates past the safe limit ({size} bytes); file refused",
    },
    "refi.dtd": {
        "id": "{member} berisi DTD atau deklarasi entitas (tidak diizinkan: bisa berbahaya); berkas ditolak",
        "en": "{member} holds a DTD or entity declaration (not allowed: it can be hostile); file refused",
    },
    "refi.bad_xml": {"id": "XML {member} rusak: {detail}", "en": "broken XML in {member}: {detail}"},
    "refi.no_qde": {
        "id": "arsip tidak berisi project.qde (bukan proyek REFI-QDA)",
        "en": "the archive holds no project.qde (not a REFI-QDA project)",
    },
    "refi.not_project": {
        "id": "elemen akar project.qde adalah <{found}>, bukan <Project>",
        "en": "the root element of project.qde is <{found}>, not <Project>",
    },
    "refi.not_codebook": {
        "id": "elemen akar adalah <{found}>, bukan <CodeBook> (bukan codebook REFI-QDA .qdc)",
        "en": "the root element is <{found}>, not <CodeBook> (not a REFI-QDA .qdc codebook)",
    },
    "refi.no_codes": {"id": "codebook tidak berisi kode", "en": "the codebook holds no codes"},
    "refi.duplicate_informant": {
        "id": "sumber '{key}': id informan '{informant}' sudah dipakai oleh {other}",
        "en": "source '{key}': informant id '{informant}' is already used by {other}",
    },
    "refi.duplicate_informant_hint": {
        "id": "beri kasusnya nama lain di program asal, atau impor ke proyek baru (odskcode init FOLDER)",
        "en": "give the case another name in the other program, or import into a new project (odskcode init FOLDER)",
    },
    "refi.many_cases": {
        "id": "sumber '{name}' terkait dengan beberapa kasus ({cases}; diskusi kelompok?): diimpor sebagai satu dokumen, variabel kasusnya tidak diterapkan",
        "en": "source '{name}' is linked to several cases ({cases}; a focus group?): imported as one document, without their variables",
    },
    "refi.not_utf8": {
        "id": "sumber '{name}' berisi bita yang bukan UTF-8; diganti dengan � (ekspor ulang sebagai UTF-8)",
        "en": "source '{name}' holds bytes that are not UTF-8; they were replaced by � (export it again as UTF-8)",
    },
    "refi.empty_source": {
        "id": "sumber '{name}' kosong; diimpor tanpa teks",
        "en": "source '{name}' is empty; imported without text",
    },
    "refi.missing_source": {
        "id": "sumber '{name}': berkas {member} tidak ada di arsip",
        "en": "source '{name}': file {member} is missing from the archive",
    },
    "refi.bad_position": {
        "id": "sumber '{name}': seleksi {selection} tanpa posisi awal/akhir yang valid",
        "en": "source '{name}': selection {selection} has no valid start/end position",
    },
    "refi.outside": {
        "id": "sumber '{name}': koding {start}–{end} berada di luar teksnya (panjang {length})",
        "en": "source '{name}': coding {start}–{end} lies outside its text (length {length})",
    },
    "refi.unknown_code": {
        "id": "sumber '{name}': koding merujuk kode {guid} yang tidak ada di codebook",
        "en": "source '{name}': a coding refers to code {guid}, which is not in the code book",
    },
    "refi.problems": {
        "id": "{n} masalah; tidak ada yang diimpor: {detail}",
        "en": "{n} problems; nothing was imported: {detail}",
    },
    "refi.changed_source": {
        "id": "transkrip '{key}' sudah ada di proyek dengan teks lain",
        "en": "transcript '{key}' is already in the project with a different text",
    },
    "refi.changed_source_hint": {
        "id": "impor ke proyek baru (odskcode init FOLDER), atau ganti nama transkrip itu di program asal",
        "en": "import into a new project (odskcode init FOLDER), or rename that transcript in the other program",
    },
    "out.qdpx_import": {
        "id": "{file}: sumber ditambahkan {added} (sudah ada {unchanged}); kode baru {codes}; koding ditambahkan {codings} (sudah ada {already}); memo {memos}; keputusan {decisions}; pengode: {coders}",
        "en": "{file}: sources added {added} (already there {unchanged}); new codes {codes}; codings added {codings} (already there {already}); memos {memos}; decisions {decisions}; coders: {coders}",
    },
    "out.qdpx_codebook": {
        "id": "codebook proyek baru ini kini codebook proyek yang diekspor ({n} kode)",
        "en": "this new project's codebook is now the exported project's codebook ({n} codes)",
    },
    "out.qdpx_skipped": {
        "id": "{n} koding dengan kode yang tidak lagi ada di codebook tidak diekspor (lihat: odskcode codebook validate codebook.yaml)",
        "en": "{n} codings of codes no longer in the codebook were left out (see: odskcode codebook validate codebook.yaml)",
        "en_one": "{n} coding of a code no longer in the codebook was left out (see: odskcode codebook validate codebook.yaml)",
    },
    "out.qdpx_export": {
        "id": "{path}: {sources} sumber, {codes} kode, {codings} koding, {users} pengode (REFI-QDA 1.5)",
        "en": "{path}: {sources} sources, {codes} codes, {codings} codings, {users} coders (REFI-QDA 1.5)",
    },
    "out.qdc_export": {"id": "{path}: {n} kode (codebook REFI-QDA)", "en": "{path}: {n} codes (REFI-QDA codebook)"},
    "out.qdc_import": {
        "id": "{path}: {n} kode, {warnings} peringatan (berikutnya: odskcode codebook validate {path})",
        "en": "{path}: {n} codes, {warnings} warnings (next: odskcode codebook validate {path})",
    },
    # --- REFI-QDA and the Miles–Huberman displays: second reading (review fixes) ----------
    "refi.extras_damaged": {
        "id": "folder odskcode/ di arsip rusak atau tidak cocok dengan teksnya; dibaca sebagai REFI-QDA biasa",
        "en": "the archive's odskcode/ folder is damaged or does not fit its texts; read as plain REFI-QDA",
    },
    "refi.too_deep": {
        "id": "pohon kode bersarang lebih dari {n} tingkat; berkas ditolak",
        "en": "the code tree is nested deeper than {n} levels; file refused",
    },
    "refi.duplicate": {
        "id": "anggota arsip '{member}' muncul dua kali (tidak jelas mana yang berlaku); berkas ditolak",
        "en": "archive member '{member}' appears twice (which one counts is ambiguous); file refused",
    },
    "refi.not_text": {
        "id": "{n} sumber yang bukan teks dilewati, beserta kodingnya: {names}",
        "en": "{n} sources that are not text were skipped, with their codings: {names}",
        "en_one": "{n} source that is not text was skipped, with its codings: {names}",
    },
    "fw.raised": {"id": "Disebut {n}/{total} informan", "en": "Raised by {n}/{total} informants"},
    "tri.single.small": {
        "id": "Penilaian {label} belum dapat ditriangulasi antarkelompok: tidak ada kelompok dengan sedikitnya {min} informan yang menyinggungnya; {who}.",
        "en": "The assessment of {label} cannot be triangulated across groups: no group of at least {min} informants speaks to it; {who}.",
    },
    "ex.is_folder": {
        "id": "'{path}' adalah folder; beri nama berkas untuk --output",
        "en": "'{path}' is a folder; give a file name for --output",
    },
    "fw.no_indicators": {
        "id": "Tidak ada indikator: codebook tidak punya kategori berperan dimension; pilih baris dengan --codes PREFIX",
        "en": "No indicators: the codebook has no category with role dimension; choose the rows with --codes PREFIX",
    },
    # --- orphaned codings (odskcode/orphans.py) ------------------------------------------
    "or.unknown": {"id": "tidak ada koding yatim dengan id {id}", "en": "no orphaned coding with id {id}"},
    "or.unknown_hint": {
        "id": "lihat id-nya dengan: odskcode codings orphans",
        "en": "see their ids with: odskcode codings orphans",
    },
    "or.unknown_segment": {
        "id": "transkrip {transcript} tidak punya segmen '{segment}'",
        "en": "transcript {transcript} has no segment '{segment}'",
    },
    "or.unknown_segment_hint": {
        "id": "lihat segmennya dengan: odskcode transcripts show {transcript}",
        "en": "see its segments with: odskcode transcripts show {transcript}",
    },
    "or.bad_range": {
        "id": "rentang {start}–{end} tidak berada di dalam segmen {segment} ({s}–{e})",
        "en": "range {start}–{end} is not inside segment {segment} ({s}–{e})",
    },
    "out.orphan_placed": {
        "id": "koding {id} ({code}, {coder}) kini di {transcript} {segment} ({start}–{end})",
        "en": "coding {id} ({code}, {coder}) is now on {transcript} {segment} ({start}–{end})",
    },
    "out.orphan_merged": {
        "id": "koding {id} ({code}, {coder}) digabung dengan koding yang sama di {transcript} {segment}",
        "en": "coding {id} ({code}, {coder}) joined the same coding on {transcript} {segment}",
    },
    "out.orphans_dropped": {
        "id": "{n} koding yatim dihapus (isinya tercatat di log proyek)",
        "en": "{n} orphaned codings dropped (their contents are in the project's log)",
        "en_one": "{n} orphaned coding dropped (its contents are in the project's log)",
    },
    "out.no_orphans": {"id": "tidak ada koding yatim", "en": "no orphaned codings"},
    "docx.table": {"id": "Tabel", "en": "Table"},
    # --- framework matrix and triangulation (odskcode/framework.py) -----------------------
    "fw.observations": {"id": "{n} observasi", "en": "{n} observations", "en_one": "{n} observation"},
    "fw.documents": {"id": "{n} dokumen", "en": "{n} documents", "en_one": "{n} document"},
    "fw.conclusion": {
        "id": "{label}: {n}/{total} informan ({pos} +, {neg} −, {mixed} ±)",
        "en": "{label}: {n}/{total} informants ({pos} +, {neg} −, {mixed} ±)",
    },
    "fw.only_neutral": {
        "id": "Belum dapat dinilai: {n}/{total} informan menyebut tanpa penilaian",
        "en": "Cannot be assessed: {n}/{total} informants mention it without judging",
    },
    "fw.no_interview": {"id": "Tidak disebut dalam wawancara", "en": "Not mentioned in the interviews"},
    "fw.silent": {"id": "Tidak ada data", "en": "No data"},
    "fw.rule": {
        "id": "Sel: kutipan ringkas, tanda valensi (+ positif, − negatif, 0 netral) dan id segmen; sel kosong: sumber tidak menyinggung indikator. Kesimpulan: {scale}",
        "en": "Cells: short quote, valence mark (+ positive, − negative, 0 neutral) and segment id; an empty cell: the source did not speak to the indicator. Conclusion: {scale}",
    },
    "fw.indicator": {"id": "Indikator", "en": "Indicator"},
    "fw.conclusion_header": {"id": "Kesimpulan", "en": "Conclusion"},
    "fw.observation_header": {"id": "Observasi", "en": "Observation"},
    "fw.document_header": {"id": "Dokumen", "en": "Document"},
    "tt.framework": {"id": "Matriks reduksi data", "en": "Data reduction matrix"},
    "tt.triangulation": {"id": "Triangulasi", "en": "Triangulation"},
    "tri.bad_by": {
        "id": "--by harus group, technique atau both, bukan '{value}'",
        "en": "--by must be group, technique or both, not '{value}'",
    },
    "tri.bad_min_group": {
        "id": "--min-group harus minimal 1, bukan {value}",
        "en": "--min-group must be at least 1, not {value}",
    },
    "tri.who.group": {"id": "informan kelompok {value}", "en": "informants of group {value}"},
    "tri.who.wawancara": {"id": "wawancara", "en": "interviews"},
    "tri.who.observasi": {"id": "observasi", "en": "observations"},
    "tri.who.dokumentasi": {"id": "dokumen", "en": "documents"},
    "tri.judges_mixed": {
        "id": "{who} menilai campuran (+{pos} −{neg} ±{mixed} dari {total})",
        "en": "{who} judge it mixed (+{pos} −{neg} ±{mixed} of {total})",
    },
    "tri.mentions": {
        "id": "{who} menyebutnya tanpa menilai ({n}/{total})",
        "en": "{who} mention it without judging it ({n}/{total})",
    },
    "tri.one_technique": {
        "id": "Korpus hanya memakai satu teknik pengumpulan data, jadi triangulasi teknik tidak berlaku; status hanya dari kelompok informan.",
        "en": "The corpus uses one data-collection technique only, so technique triangulation does not apply; the status comes from the informant groups.",
    },
    "tri.judges": {"id": "{who} menilai {judgement} ({n}/{total})", "en": "{who} judge it {judgement} ({n}/{total})"},
    "j.positif": {"id": "positif", "en": "positive"},
    "j.negatif": {"id": "negatif", "en": "negative"},
    "j.campuran": {"id": "campuran", "en": "mixed"},
    "j.netral": {"id": "netral", "en": "neutral"},
    "tri.divergent": {
        "id": "Penilaian {label} tidak konsisten: {body}.",
        "en": "The assessment of {label} is inconsistent: {body}.",
    },
    "tri.contrast": {"id": "{first}, sedangkan {second}", "en": "{first}, whereas {second}"},
    "tri.doc_only": {
        "id": "{claims}, tetapi tidak satu pun wawancara menyinggungnya",
        "en": "{claims}, but no interview mentions it",
    },
    "tri.single.group": {
        "id": "Penilaian {label} hanya didukung satu kelompok informan: {who}.",
        "en": "The assessment of {label} rests on one informant group only: {who}.",
    },
    "tri.single.technique": {
        "id": "Penilaian {label} hanya didukung satu teknik: {who}.",
        "en": "The assessment of {label} rests on one technique only: {who}.",
    },
    "tri.small": {"id": " (kelompok kecil, tidak menentukan)", "en": " (small group, does not decide)"},
    "tri.consistent": {
        "id": "Penilaian {label} konsisten: {who}.",
        "en": "The assessment of {label} is consistent: {who}.",
    },
    "tri.none": {"id": "Tidak ada data tentang {label}.", "en": "No data on {label}."},
    "tri.status.divergent": {"id": "tidak konsisten", "en": "divergent"},
    "tri.status.single": {"id": "satu sumber", "en": "single source"},
    "tri.status.consistent": {"id": "konsisten", "en": "consistent"},
    "tri.status.none": {"id": "tidak ada data", "en": "no data"},
    "tri.and": {"id": " dan ", "en": " and "},
    "tri.status_header": {"id": "Status", "en": "Status"},
    "tri.rule": {
        "id": "Aturan: tidak konsisten bila satu kelompok atau teknik yang menentukan cenderung positif dan yang lain negatif (kecenderungan: positif bila informan positif lebih banyak daripada negatif + campuran, negatif sebaliknya), atau bila observasi/dokumen menyinggung indikator yang tidak disebut satu pun wawancara; satu sumber bila hanya satu kelompok atau satu teknik yang menyinggungnya; konsisten bila dua atau lebih menyinggungnya tanpa kecenderungan berlawanan. Kelompok dengan kurang dari {min_group} informan ditampilkan tetapi tidak menentukan.",
        "en": "Rule: divergent when a deciding group or technique leans positive and another negative (lean: positive when its positive informants outnumber the negative + mixed ones, negative the other way round), or when observations/documents speak to an indicator no interview mentions; single source when only one group or one technique speaks to it; consistent when two or more do without opposite leanings. Groups of fewer than {min_group} informants are shown but do not decide.",
    },
    "progress.parse": {"id": "Membaca transkrip", "en": "Reading transcripts"},
    "progress.code": {"id": "Mengode", "en": "Coding"},
    "report.ok": {"id": "{path}: valid", "en": "{path}: valid"},
    "report.summary": {
        "id": "{errors} galat, {warnings} peringatan",
        "en": "{errors} errors, {warnings} warnings",
    },
}


def default_lang() -> str:
    """The language for messages: ``$ODSKCODE_LANG``, else the locale, else English."""
    env = os.environ.get("ODSKCODE_LANG", "").strip().lower()
    if env in LANGS:
        return env
    loc = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "id" if loc.lower().startswith("id") else "en"


def t(message_key: str, lang: str = "en", /, **params: Any) -> str:
    """Render message ``message_key`` in ``lang`` with ``params``."""
    entry = MESSAGES[message_key]
    template = entry.get(lang) or entry["en"]
    if params.get("n") == 1:  # singular forms, where a language has them ("1 document")
        template = entry.get(f"{lang}_one", template)
    return template.format(**params) if params else template


@dataclass(frozen=True)
class Msg:
    """A message that is rendered later, in the language the caller chooses."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str = "en") -> str:
        rendered = {k: (v.render(lang) if isinstance(v, Msg) else v) for k, v in self.params.items()}
        return t(self.key, lang, **rendered)

    def __str__(self) -> str:
        return self.render("en")


def msg(message_key: str, /, **params: Any) -> Msg:
    if message_key not in MESSAGES:  # pragma: no cover - programming error caught by tests
        raise KeyError(message_key)
    return Msg(message_key, params)
