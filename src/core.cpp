// symgen's compiled core: C++ twins of hot, pure functions of the deduction engine.
//
// Each function here has a Python reference (named in its comment) that stays the
// specification: tests/kernel/test_core.py compares the two on random inputs and on whole
// saturations, and symgen/engine.py chooses which one the engine calls.  Everything that can go
// wrong (a value that is not an int, a pattern too long, an output too large, a Python error
// from a container) comes back as a Python exception.
#include <nanobind/nanobind.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace nb = nanobind;

namespace {

constexpr Py_ssize_t MAX_POSITIONS = 16;     // positions of one pattern
constexpr Py_ssize_t MAX_SET = 1 << 16;      // values of one candidate set
constexpr Py_ssize_t MAX_TUPLES = 1 << 20;   // default bound on the tuples one call returns

// The bound in force (set_max_tuples; symgen.saturate.Limits.tuples through symgen.engine):
// one call's list of tuples is the core's only allocation that grows with the problem.
Py_ssize_t max_tuples = MAX_TUPLES;

// Raised as symgen._core.LimitError (a RuntimeError) when a call would pass max_tuples.
struct LimitError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

using Value = long long;

// The items of a Python sequence, borrowed (PySequence_Fast keeps them alive).
class Items {
public:
    Items(PyObject* o, const char* what) : fast_(PySequence_Fast(o, what)) {
        if (fast_ == nullptr) throw nb::python_error();
        size = PySequence_Fast_GET_SIZE(fast_);
        items = PySequence_Fast_ITEMS(fast_);
    }
    ~Items() { Py_DECREF(fast_); }
    Items(const Items&) = delete;
    Items& operator=(const Items&) = delete;

    Py_ssize_t size = 0;
    PyObject** items = nullptr;

private:
    PyObject* fast_;
};

Value as_value(PyObject* o, const char* what) {
    if (!PyLong_Check(o)) throw nb::type_error(what);
    int overflow = 0;
    Value v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow != 0) throw nb::value_error("assignments: an int does not fit in 64 bits");
    if (v == -1 && PyErr_Occurred()) throw nb::python_error();
    return v;
}

bool contains(PyObject* container, PyObject* item) {
    int found = PySequence_Contains(container, item);
    if (found < 0) throw nb::python_error();
    return found == 1;
}

bool contains(PyObject* container, Value x) {
    nb::object item = nb::steal(PyLong_FromLongLong(x));
    if (!item.is_valid()) throw nb::python_error();
    return contains(container, item.ptr());
}

// The values of one candidate set (a set, tuple, list or any iterable of ints), duplicates kept.
std::vector<Value> values_of(PyObject* s) {
    std::vector<Value> out;
    nb::object it = nb::steal(PyObject_GetIter(s));
    if (!it.is_valid()) throw nb::python_error();
    while (PyObject* x = PyIter_Next(it.ptr())) {
        nb::object item = nb::steal(x);
        if (static_cast<Py_ssize_t>(out.size()) >= MAX_SET)
            throw nb::value_error("assignments: a candidate set holds more than 65536 values");
        out.push_back(as_value(x, "assignments: candidate sets must hold ints"));
    }
    if (PyErr_Occurred()) throw nb::python_error();
    return out;
}

// A pattern's structure (relations._structure): the variable of each position, numbered in
// order of first occurrence, and per variable the earlier ones it must differ from.
struct Pattern {
    int n = 0;                          // positions
    int m = 0;                          // variables
    int rank[MAX_POSITIONS] = {};       // position -> variable
    uint32_t apart[MAX_POSITIONS] = {}; // variable -> bit set of earlier variables
    bool satisfiable = true;            // false if a group holds one variable twice
};

Pattern structure(const Items& groups, const Items& shape) {
    Pattern p;
    p.n = static_cast<int>(groups.size);
    Value var[MAX_POSITIONS], group[MAX_POSITIONS];
    for (int j = 0; j < p.n; ++j) {
        group[j] = as_value(groups.items[j], "assignments: groups must be ints");
        Value s = as_value(shape.items[j], "assignments: shape must hold ints");
        var[j] = s >= 0 ? s : -1 - j;
        p.rank[j] = -1;
        for (int k = 0; k < j && p.rank[j] < 0; ++k)
            if (var[k] == var[j]) p.rank[j] = p.rank[k];
        if (p.rank[j] < 0) p.rank[j] = p.m++;
    }
    for (int j = 0; j < p.n; ++j)
        for (int k = j + 1; k < p.n; ++k) {
            if (group[j] != group[k]) continue;
            if (var[j] == var[k]) p.satisfiable = false;
            int lo = std::min(p.rank[j], p.rank[k]), hi = std::max(p.rank[j], p.rank[k]);
            if (lo != hi) p.apart[hi] |= uint32_t{1} << lo;
        }
    return p;
}

// The candidates of variable i, sorted, or an empty vector if there are none.  Filtering by a
// container that the candidates already satisfy is skipped (sets are often repeated).
std::vector<Value> candidates(const Pattern& p, int i, const Items& sets, const Items& bound) {
    std::vector<Value> c;
    std::vector<PyObject*> applied;
    bool have = false;
    for (int j = 0; j < p.n; ++j) {
        if (p.rank[j] != i) continue;
        PyObject* s = sets.items[j];
        PyObject* b = bound.items[j];
        if (b != Py_None) {
            Value v = as_value(b, "assignments: bound values must be ints or None");
            if (!contains(s, b) || (have && std::find(c.begin(), c.end(), v) == c.end()))
                return {};
            c.assign(1, v);
            have = true;
        } else if (!have) {
            c = values_of(s);
            have = true;
        } else if (std::find(applied.begin(), applied.end(), s) == applied.end()) {
            std::vector<Value> kept;
            for (Value x : c)
                if (contains(s, x)) kept.push_back(x);
            c.swap(kept);
        }
        applied.push_back(s);
        if (c.empty()) return {};
    }
    std::sort(c.begin(), c.end());
    return c;
}

class Enumeration {
public:
    Enumeration(const Pattern& p, std::vector<std::vector<Value>> cands)
        : p_(p), cands_(std::move(cands)), out_(nb::steal(PyList_New(0))) {
        if (!out_.is_valid()) throw nb::python_error();
    }

    nb::object run() {
        rec(0);
        return out_;
    }

private:
    void rec(int i) {
        if (i == p_.m) {
            emit();
            return;
        }
        for (Value x : cands_[i]) {
            bool clash = false;
            for (uint32_t bits = p_.apart[i]; bits != 0 && !clash; bits &= bits - 1)
                clash = value_[__builtin_ctz(bits)] == x;
            if (clash) continue;
            value_[i] = x;
            rec(i + 1);
        }
    }

    void emit() {
        if (PyList_GET_SIZE(out_.ptr()) >= max_tuples)
            throw LimitError("assignments: more than " + std::to_string(max_tuples) +
                             " tuples in one call (Limits.tuples)");
        nb::object t = nb::steal(PyTuple_New(p_.n));
        if (!t.is_valid()) throw nb::python_error();
        for (int j = 0; j < p_.n; ++j) {
            PyObject* x = PyLong_FromLongLong(value_[p_.rank[j]]);
            if (x == nullptr) throw nb::python_error();
            PyTuple_SET_ITEM(t.ptr(), j, x);
        }
        if (PyList_Append(out_.ptr(), t.ptr()) < 0) throw nb::python_error();
    }

    const Pattern& p_;
    std::vector<std::vector<Value>> cands_;
    Value value_[MAX_POSITIONS] = {};
    nb::object out_;
};

// Twin of symgen.relations.assignments, returning the list of its tuples in its order.
nb::object assignments(nb::handle sets_, nb::handle groups_, nb::handle bound_, nb::handle shape_) {
    Items sets(sets_.ptr(), "assignments: sets must be a sequence");
    Items groups(groups_.ptr(), "assignments: groups must be a sequence");
    Items bound(bound_.ptr(), "assignments: bound must be a sequence");
    Items shape(shape_.ptr(), "assignments: shape must be a sequence");
    Py_ssize_t n = groups.size;
    if (n > MAX_POSITIONS)
        throw nb::value_error("assignments: a pattern has at most 16 positions");
    if (sets.size != n || bound.size != n || shape.size != n)
        throw nb::value_error("assignments: sets, groups, bound and shape differ in length");
    Pattern p = structure(groups, shape);
    nb::object none = nb::steal(PyList_New(0));
    if (!none.is_valid()) throw nb::python_error();
    if (!p.satisfiable) return none;
    std::vector<std::vector<Value>> cands;
    for (int i = 0; i < p.m; ++i) {
        cands.push_back(candidates(p, i, sets, bound));
        if (cands.back().empty()) return none;
    }
    return Enumeration(p, std::move(cands)).run();
}

}  // namespace

NB_MODULE(_core, m) {
    m.doc() = "symgen's compiled core: C++ twins of the engine's hot pure functions.";
    m.def("assignments", &assignments, nb::arg("sets"), nb::arg("groups"), nb::arg("bound"),
          nb::arg("shape"),
          "The tuples of symgen.relations.assignments, in its order, as a list (ints only).");
    nb::exception<LimitError>(m, "LimitError", PyExc_RuntimeError);
    m.def("set_max_tuples", [](Py_ssize_t n) {
              if (n < 1) throw nb::value_error("set_max_tuples: the bound must be at least 1");
              Py_ssize_t before = max_tuples;
              max_tuples = n;
              return before;
          }, nb::arg("n"),
          "Bound the tuples one assignments call returns (LimitError past it); returns the "
          "previous bound.");
    m.attr("MAX_POSITIONS") = MAX_POSITIONS;
    m.attr("MAX_SET") = MAX_SET;
    m.attr("MAX_TUPLES") = MAX_TUPLES;
}
