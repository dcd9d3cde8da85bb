"""scikit-learn's random forest on the exact split lesson 7 uses (the peer of tests/forest.rs): the course
notebook's RandomForestClassifier(n_estimators=10, max_depth=10), trained on the given training rows of
scikit-learn's digits.csv.gz and scored with accuracy_score on the held-out rows, once per seed.

usage: forest_sklearn.py DIGITS.csv.gz SPLIT.json
SPLIT.json: {"train": [row indices], "test": [row indices], "seeds": [0, 1, ...], "trees": 10, "depth": 10}
prints one JSON line: {"accuracies": [one per seed], "mean": their mean}
"""
import gzip
import json
import sys

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score


def main(digits_path, split_path):
    with gzip.open(digits_path, "rt") as f:
        table = np.loadtxt(f, delimiter=",")
    x, y = table[:, :64], table[:, 64].astype(int)
    split = json.load(open(split_path))
    train, test = np.array(split["train"]), np.array(split["test"])
    accuracies = []
    for seed in split["seeds"]:
        model = RandomForestClassifier(n_estimators=split["trees"], max_depth=split["depth"], random_state=seed)
        model.fit(x[train], y[train])
        accuracies.append(float(accuracy_score(y[test], model.predict(x[test]))))
    print(json.dumps({"accuracies": accuracies, "mean": float(np.mean(accuracies))}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
