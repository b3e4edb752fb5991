"""NumPy as a benchmark peer: the book's code (scripts/fixtures/nnfs_book.py) on float32 arrays.

    OPENBLAS_NUM_THREADS=1 python3 bench/numpy_bench.py '<spec json>'   (see bench/workloads.ts)
    python3 bench/numpy_bench.py env                                   (versions, BLAS, kernel)

Prints one line `@@result <json>`. The arrays are float32 as after the book's `nnfs.init()`, but
`np.dot` is NumPy's own (float32 sgemm in OpenBLAS): nnfs.init's "dot precision workaround"
computes every product in float64 and casts back, which would time conversions, not the products.
Data and initial weights come from `np.random.seed(0)` in the book's order, the same numbers the
library draws, so the runs start from the same point as the other peers'.
"""
import ctypes
import json
import os
import resource
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'scripts', 'fixtures'))
import nnfs  # noqa: E402
import nnfs_book as book  # noqa: E402

_numpy_dot = np.dot
nnfs.init()  # float32 np.zeros / np.random.randn, seed 0
np.dot = _numpy_dot


def w1(spec):
    runs = []
    for _ in range(spec['reps']):
        np.random.seed(0)
        X, y = nnfs.spiral_data(samples=100, classes=3)
        net = book.SpiralNetwork(64)
        optimizer = book.Optimizer_Adam(learning_rate=0.05, decay=5e-7)
        start = time.perf_counter()
        for _epoch in range(spec['epochs']):  # the book's chapter-10 loop, without the prints
            loss, accuracy = net.forward_backward(X, y)
            net.update(optimizer)
        runs.append(time.perf_counter() - start)
        log(f'  run {len(runs)}/{spec["reps"]}: {runs[-1]:.3f} s')
    return {'epochs': spec['epochs'], 'seconds': runs, 'accuracy': float(accuracy), 'loss': float(loss)}


def read_idx(data_dir, split):
    """The IDX cache src/node/fashion-mnist.ts writes: u8 images (16-byte header), u8 labels (8)."""
    images = np.fromfile(os.path.join(data_dir, f'{split}-images.idx'), dtype=np.uint8, offset=16).reshape(-1, 784)
    labels = np.fromfile(os.path.join(data_dir, f'{split}-labels.idx'), dtype=np.uint8, offset=8)
    return (images.astype(np.float32) - 127.5) / 127.5, labels


def w2(spec):
    X, y = read_idx(spec['dataDir'], 'train')
    X_test, y_test = read_idx(spec['dataDir'], 'test')
    batch = 128
    steps = min(spec['steps'], -(-len(X) // batch))
    runs, test_accuracy = [], None
    for _ in range(spec['reps']):
        np.random.seed(0)
        layers = [book.Layer_Dense(784, 128), book.Activation_ReLU(), book.Layer_Dense(128, 128),
                  book.Activation_ReLU(), book.Layer_Dense(128, 10)]
        dense = layers[0::2]
        loss_activation = book.Activation_Softmax_Loss_CategoricalCrossentropy()
        optimizer = book.Optimizer_Adam(decay=1e-3)
        start = time.perf_counter()
        for step in range(steps):  # the book's Model.train inner loop for one epoch
            batch_X = X[step * batch:(step + 1) * batch]
            batch_y = y[step * batch:(step + 1) * batch]
            out = batch_X
            for layer in layers:
                layer.forward(out, training=True)
                out = layer.output
            loss_activation.forward(out, batch_y)
            accuracy = np.mean(np.argmax(loss_activation.output, axis=1) == batch_y)
            loss_activation.backward(loss_activation.output, batch_y)
            dvalues = loss_activation.dinputs
            for layer in reversed(layers):
                layer.backward(dvalues)
                dvalues = layer.dinputs
            optimizer.pre_update_params()
            for layer in dense:
                optimizer.update_params(layer)
            optimizer.post_update_params()
        runs.append(time.perf_counter() - start)
        log(f'  run {len(runs)}/{spec["reps"]}: {runs[-1]:.3f} s (last batch accuracy {accuracy:.3f})')
        if steps * batch >= len(X):
            out = X_test
            for layer in layers:
                layer.forward(out)
                out = layer.output
            test_accuracy = float(np.mean(np.argmax(out, axis=1) == y_test))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {'steps': steps, 'seconds': runs, 'testAccuracy': test_accuracy, 'peakRssMB': peak}


def us_per_call(call, sample_ms, samples):
    """Median of `samples` samples, each repeating the call as often as fits in a warm-up of sample_ms."""
    reps, end = 0, time.perf_counter() + sample_ms / 1000
    while True:
        call()
        reps += 1
        if time.perf_counter() >= end:
            break
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        for _ in range(reps):
            call()
        times.append((time.perf_counter() - start) * 1e6 / reps)
    return float(np.median(times))


def w3(spec):
    rng = np.random.default_rng(0)
    cases = []
    for case in spec['cases']:
        m, k, n, variant = case['m'], case['k'], case['n'], case['variant']
        a = (rng.random((k, m) if variant == 'TN' else (m, k), dtype=np.float32) - 0.5)
        b = (rng.random((n, k) if variant == 'NT' else (k, n), dtype=np.float32) - 0.5)
        op_a = a.T if variant == 'TN' else a  # a transposed view: OpenBLAS gets the flag, no copy
        op_b = b.T if variant == 'NT' else b
        c = np.empty((m, n), dtype=np.float32)
        us = us_per_call(lambda: np.dot(op_a, op_b, out=c), spec['sampleMs'], spec['samples'])
        cases.append({**case, 'usPerCall': us, 'gflops': 2 * m * n * k / us / 1000})
    return {'cases': cases}


def openblas_kernel():
    """The OpenBLAS kernel in use, as threadpoolctl reports it (or by the same call it makes)."""
    try:
        from threadpoolctl import threadpool_info
        info = [i for i in threadpool_info() if i.get('internal_api') == 'openblas']
        if info:
            return {'corename': info[0].get('architecture'), 'via': 'threadpoolctl'}
    except ImportError:
        pass
    with open('/proc/self/maps') as maps:
        paths = sorted({line.split()[-1] for line in maps if 'openblas' in line and '/' in line})
    for path in paths:
        lib = ctypes.CDLL(path)
        for prefix, suffix in (('scipy_openblas', '64_'), ('scipy_openblas', ''), ('openblas', '64_'), ('openblas', '')):
            corename = getattr(lib, f'{prefix}_get_corename{suffix}', None)
            if corename is not None:
                corename.restype = ctypes.c_char_p
                return {'corename': corename().decode(), 'via': f'{prefix}_get_corename{suffix} in {os.path.basename(path)} (threadpoolctl is not installed)'}
    return None


def environment():
    blas = np.show_config(mode='dicts').get('Build Dependencies', {}).get('blas', {})
    return {'python': sys.version.split()[0], 'numpy': np.__version__, 'blas': blas.get('name'), 'blasVersion': blas.get('version'),
            'blasConfig': blas.get('openblas configuration'), 'kernel': openblas_kernel()}


def log(line):
    print(line, file=sys.stderr, flush=True)


def main():
    if sys.argv[1:] == ['env']:
        result = environment()
    else:
        spec = json.loads(sys.argv[1])
        try:
            result = {'w1': w1, 'w2': w2, 'w3': w3}[spec['workload']](spec)
        except Exception as e:  # reported in the table instead of failing the run
            result = {'error': f'{type(e).__name__}: {e}'}
    print('@@result ' + json.dumps(result), flush=True)


if __name__ == '__main__':
    main()
