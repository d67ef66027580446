'use strict';
// hoithi's Scratch 3 runner: runs one .sb3 project headless with scratch-vm, inside the sandbox only.
//
//   node runner.js --check main.sb3              checks the project (exit 1 with a message on stderr if unfit)
//   node runner.js main.sb3 [--variable NAME | --list NAME] [--max-frames N] [--start-mark TOKEN]
//
// A run clicks the green flag, answers each "ask and wait" from the next line of stdin and writes what sprites
// say or think to stdout, one line each (questions shown in a bubble are not output). With --variable or --list
// it writes the final value of that variable (or the list's items, one a line) instead. Time is virtual: each
// frame advances the project's clock by 1/30 s, so "wait 2 seconds" costs 60 frames, not two real seconds.
// A project that asks when no input is left, or still runs after --max-frames frames, is stopped with SIGXCPU,
// which the harness reports as TLE, as for any program that exceeds its time limit. With --start-mark, the line
// "TOKEN MS" goes to stderr just before the green flag, MS the CPU time this process has used so far (Node's and
// scratch-vm's start, loading the project): the judge takes it from the run's time, which is then the project's own.
// The token is the judge's secret of the run, so no text of the project can pass for that line.

const fs = require('fs');

const ALLOWED_EXTENSIONS = new Set(['pen', 'music']);
const CORE_PREFIXES = new Set([
    'motion', 'looks', 'sound', 'event', 'control', 'sensing', 'operator', 'data', 'procedures', 'argument'
]);
const FRAME_MS = 1000 / 30;
const MAX_PROJECT_JSON = 32 * 1024 * 1024;

function refuse (vietnamese, english) {
    fs.writeSync(2, `${vietnamese}\n(${english})\n`);
    process.exit(1);
}

function parseArgs (argv) {
    const options = {check: false, file: null, variable: null, list: null, maxFrames: 18000, startMark: null};
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === '--check') options.check = true;
        else if (arg === '--variable') options.variable = argv[++i];
        else if (arg === '--list') options.list = argv[++i];
        else if (arg === '--max-frames') options.maxFrames = Number(argv[++i]);
        else if (arg === '--start-mark') options.startMark = argv[++i];
        else options.file = arg;
    }
    return options;
}

/** The project's files, or a refusal: a zip holding project.json, every asset it names, no disallowed block. */
async function readProject (path) {
    const JSZip = require('jszip');
    let zip;
    try {
        zip = await JSZip.loadAsync(fs.readFileSync(path));
    } catch (e) {
        refuse('Tệp nộp không phải là dự án Scratch 3 (.sb3): không mở được như một tệp nén.',
            'not a Scratch 3 project: not a zip file');
    }
    const entry = zip.file('project.json');
    if (!entry) {
        refuse('Dự án Scratch thiếu tệp project.json: hãy lưu lại bằng Scratch 3 (Tệp > Lưu về máy tính).',
            'project.json is missing');
    }
    const text = await entry.async('string');
    if (text.length > MAX_PROJECT_JSON) refuse('Tệp project.json quá lớn.', 'project.json is too large');
    let project;
    try {
        project = JSON.parse(text);
    } catch (e) {
        refuse('Tệp project.json của dự án bị hỏng.', 'project.json is not valid JSON');
    }
    if (!project || !Array.isArray(project.targets) || !project.targets.some(t => t && t.isStage)) {
        refuse('Đây không phải dự án Scratch 3 (không có sân khấu trong project.json).',
            'not a Scratch 3 project: no stage in project.json');
    }
    const used = new Set(Array.isArray(project.extensions) ? project.extensions : []);
    for (const target of project.targets) {
        if (!target || typeof target !== 'object') {
            refuse('Tệp project.json của dự án bị hỏng.', 'a target of project.json is not an object');
        }
        for (const block of Object.values(target.blocks || {})) {
            if (block && typeof block.opcode === 'string') {
                const prefix = block.opcode.split('_')[0];
                if (!CORE_PREFIXES.has(prefix)) used.add(prefix);
            }
        }
        await checkAssets(zip, target);
    }
    const refused = [...used].filter(id => !ALLOWED_EXTENSIONS.has(id)).sort();
    if (refused.length > 0) {
        refuse(`Dự án dùng phần mở rộng không được phép trong bài thi: ${refused.join(', ')}. ` +
            `Chỉ được dùng các khối cơ bản, Bút vẽ (pen) và Âm nhạc (music).`,
            `extension not allowed: ${refused.join(', ')}`);
    }
    return project;
}

const FORMATS = {
    costumes: new Set(['png', 'svg', 'jpeg', 'jpg', 'bmp', 'gif']),
    sounds: new Set(['wav', 'wave', 'mp3'])
};
const ASSET_ID = /^[a-fA-F0-9]{32}$/;

/** Whether ``data`` (the first bytes of an asset) looks like a file of ``format``; mirrors submissions/scratch.py. */
function looksLike (format, data) {
    const starts = (...bytes) => bytes.every((b, i) => data[i] === b);
    const text = (from, to) => Buffer.from(data.subarray(from, to)).toString('latin1');
    switch (format) {
    case 'svg': return text(0, 4096).toLowerCase().includes('<svg');
    case 'png': return starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    case 'jpg': case 'jpeg': return starts(0xff, 0xd8, 0xff);
    case 'gif': return text(0, 6) === 'GIF87a' || text(0, 6) === 'GIF89a';
    case 'bmp': return text(0, 2) === 'BM';
    case 'wav': case 'wave': return text(0, 4) === 'RIFF' && text(8, 12) === 'WAVE';
    case 'mp3': return text(0, 3) === 'ID3' || (data[0] === 0xff && (data[1] & 0xe0) === 0xe0);
    default: return false;
    }
}

/** Refuses a sprite (or the stage) without a costume, or with a costume or sound that Scratch would not open:
 * not named as Scratch names its files, missing from the zip, or whose file is not of its format. */
async function checkAssets (zip, target) {
    const who = String(target.isStage ? 'Sân khấu' : target.name);
    const costumes = Array.isArray(target.costumes) ? target.costumes : [];
    if (costumes.length === 0) {
        refuse(`"${who}" không có trang phục nào: nhân vật và sân khấu đều cần ít nhất một trang phục.`,
            `${who} has no costume`);
    }
    for (const kind of ['costumes', 'sounds']) {
        const assets = Array.isArray(target[kind]) ? target[kind] : [];
        for (const asset of assets) {
            const what = kind === 'costumes' ? 'Trang phục' : 'Âm thanh';
            const label = asset && typeof asset === 'object' ? String(asset.name) : '?';
            const damaged = () => refuse(
                `${what} "${label}" của "${who}" bị hỏng: hãy lưu lại dự án bằng Scratch 3 (Tệp > Lưu về máy tính).`,
                `${kind === 'costumes' ? 'costume' : 'sound'} ${label} of ${who} is damaged`);
            if (label === '?' || !ASSET_ID.test(String(asset.assetId)) || !FORMATS[kind].has(asset.dataFormat)) damaged();
            const name = asset.md5ext || `${asset.assetId}.${asset.dataFormat}`;
            if (typeof name !== 'string' || !/^[a-fA-F0-9]{32}\.[a-zA-Z0-9]+$/.test(name)) damaged();
            const file = zip.file(name);
            if (!file) {
                refuse(`Dự án thiếu tệp "${name}" (${what.toLowerCase()} "${label}" của "${who}").`,
                    `asset ${name} of ${who} is missing`);
            }
            if (!looksLike(asset.dataFormat, await file.async('uint8array'))) damaged();
        }
    }
}

/** What scratch-vm would refuse in project.json (its own schema), named by sprite and costume where it can be. */
function checkSchema (project) {
    const validate = require('scratch-parser/lib/validate');
    let errors = null;
    validate(false, JSON.parse(JSON.stringify(project)), error => { errors = error; });
    if (errors === null) return;
    const first = (errors.sb3Errors || [])[0] || {};
    const where = /^\.targets\[(\d+)\](?:\.(costumes|sounds)\[(\d+)\])?/.exec(first.dataPath || '');
    const target = where ? project.targets[Number(where[1])] : null;
    const who = target ? String(target.isStage ? 'Sân khấu' : target.name) : null;
    const asset = where && where[2] ? (target[where[2]] || [])[Number(where[3])] : null;
    const detail = `${first.dataPath || ''} ${first.message || ''}`.trim();
    if (asset) {
        refuse(`${where[2] === 'costumes' ? 'Trang phục' : 'Âm thanh'} "${asset.name}" của "${who}" bị hỏng: ` +
            'hãy lưu lại dự án bằng Scratch 3 (Tệp > Lưu về máy tính).', `Scratch refuses the project: ${detail}`);
    }
    refuse(`Scratch 3 không mở được dự án${who ? ` (ở "${who}")` : ''}: hãy lưu lại bằng Scratch 3 ` +
        '(Tệp > Lưu về máy tính).', `Scratch refuses the project: ${detail}`);
}

/** The project's clock, Date.now included: it advances only when a frame ends. */
function useVirtualClock () {
    let now = 1e12;
    Date.now = () => now;
    return () => { now += FRAME_MS; };
}

function loadVm () {
    // scratch-vm logs through console; stdout is the program's output, so its chatter goes to stderr
    for (const name of ['log', 'info', 'warn', 'error', 'debug']) {
        console[name] = (...args) => fs.writeSync(2, `${args.join(' ')}\n`);
    }
    return require('scratch-vm');
}

function output (line) {
    fs.writeSync(1, `${line}\n`);
}

function timeLimitExceeded () {
    process.kill(process.pid, 'SIGXCPU');
}

function finalValue (vm, name, type) {
    const stage = vm.runtime.getTargetForStage();
    const targets = [stage, ...vm.runtime.targets.filter(t => t !== stage && t.isOriginal)];
    for (const target of targets) {
        for (const variable of Object.values(target.variables)) {
            if (variable.name === name && variable.type === type) return variable.value;
        }
    }
    return undefined;
}

async function run (options) {
    const tick = useVirtualClock();
    const VirtualMachine = loadVm();
    const input = fs.readFileSync(0, 'utf8').split(/\r?\n/);
    if (input.length > 0 && input[input.length - 1] === '') input.pop();
    const vm = new VirtualMachine();
    vm.setCompatibilityMode(true);
    vm.runtime.currentStepTime = FRAME_MS; // what vm.start() would set; frames are stepped here instead
    try {
        await vm.loadProject(fs.readFileSync(options.file));
    } catch (error) {
        // the check (checkSchema) refuses what the schema does; this is what only loading finds
        refuse('Scratch 3 không mở được dự án: hãy lưu lại bằng Scratch 3 (Tệp > Lưu về máy tính).',
            `scratch-vm cannot load the project: ${firstLine(error)}`);
    }
    const says = options.variable === null && options.list === null;
    // What was said last is held back until the next SAY or the frame's end (it may be the bubble of a
    // question); everything before it is written at once, so a project that says without end fills its output
    // (OLE, as for any program) rather than the memory, even within one frame (with no renderer, a loop that
    // does not move a sprite never ends its frame).
    let held = null;
    let starving = false;
    const release = () => {
        if (held !== null && says) output(held);
        held = null;
    };
    vm.runtime.on('SAY', (target, type, text) => {
        release();
        if (text !== '' && text !== null && text !== undefined) held = String(text);
    });
    vm.runtime.on('QUESTION', question => {
        if (question === null) return;
        // a visible sprite shows its question in a bubble: a SAY just before an empty QUESTION, not output
        if (question !== '' || held === null) release();
        held = null;
        if (input.length === 0) {
            starving = true;
            return;
        }
        const answer = input.shift();
        // answered after the VM has finished announcing the question
        setImmediate(() => vm.runtime.emit('ANSWER', answer));
    });
    if (options.startMark !== null) {
        const used = process.cpuUsage();
        fs.writeSync(2, `\n${options.startMark} ${Math.round((used.user + used.system) / 1000)}\n`);
    }
    vm.greenFlag();
    for (let frame = 0; ; frame++) {
        if (frame >= options.maxFrames) timeLimitExceeded();
        vm.runtime._step();
        tick();
        await new Promise(resolve => setImmediate(resolve));
        release();
        if (starving) timeLimitExceeded();
        if (vm.runtime.threads.length === 0) break;
    }
    if (options.variable !== null) {
        const value = finalValue(vm, options.variable, '');
        if (value === undefined) refuse(`Dự án không có biến "${options.variable}".`, `no variable ${options.variable}`);
        output(String(value));
    } else if (options.list !== null) {
        const value = finalValue(vm, options.list, 'list');
        if (value === undefined) refuse(`Dự án không có danh sách "${options.list}".`, `no list ${options.list}`);
        for (const item of value) output(String(item));
    }
    process.exit(0);
}

/** An error's first line, for a message a pupil reads (a JavaScript stack trace is not one). */
function firstLine (error) {
    const text = error && typeof error === 'object' && !(error instanceof Error) ? JSON.stringify(error) : String(error);
    return text.split('\n')[0].slice(0, 300);
}

async function main () {
    const options = parseArgs(process.argv.slice(2));
    if (!options.file) refuse('Thiếu tệp dự án.', 'usage: runner.js [--check] main.sb3');
    const project = await readProject(options.file);
    if (options.check) checkSchema(project);
    else await run(options);
}

main().catch(error => {
    fs.writeSync(2, `Lỗi khi chạy dự án Scratch.\n(runner error: ${firstLine(error)})\n`);
    process.exit(2);
});
