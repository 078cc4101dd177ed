// The part of the standard library written in MeTTa itself: types of the
// minimal instructions and grounded helpers, and the functions the reference
// defines in MeTTa (if, let, case, switch, collapse, the assert family …).
// Semantics follow hyperon-experimental's stdlib.metta; the text is ours.
export const PRELUDE = String.raw`
(: = (-> $t $t %Undefined%))
(: ErrorType Type)
(: SpaceType Type)
(: Error (-> Atom Atom ErrorType))
(: return (-> $t $t))
(: function (-> Atom Atom))
(: eval (-> Atom Atom))
(: evalc (-> Atom SpaceType Atom))
(: chain (-> Atom Variable Atom %Undefined%))
(: unify (-> Atom Atom Atom Atom %Undefined%))
(: cons-atom (-> Atom Expression Atom))
(: decons-atom (-> Expression Atom))
(: context-space (-> SpaceType))
(: collapse-bind (-> Atom Expression))
(: superpose-bind (-> Expression Atom))
(: metta (-> Atom Type SpaceType Atom))

(: id (-> $t $t))
(= (id $x) $x)
(: noeval (-> Atom Atom))
(= (noeval $x) $x)

(: atom-subst (-> Atom Variable Atom Atom))
(= (atom-subst $atom $var $templ)
  (function (chain (eval (noeval $atom)) $var (return $templ))))

(: if-decons-expr (-> Expression Variable Variable Atom Atom %Undefined%))
(= (if-decons-expr $atom $head $tail $then $else)
  (function (eval (if-equal $atom ()
    (return $else)
    (chain (decons-atom $atom) $list
      (unify $list ($head $tail) (return $then) (return $else)))))))

(: if-error (-> Atom Atom Atom %Undefined%))
(= (if-error $atom $then $else)
  (function (chain (eval (get-metatype $atom)) $meta
    (eval (if-equal $meta Expression
      (eval (if-equal $atom ()
        (return $else)
        (chain (decons-atom $atom) $list
          (unify $list ($head $tail)
            (eval (if-equal $head Error (return $then) (return $else)))
            (return $else)))))
      (return $else))))))

(: return-on-error (-> Atom Atom %Undefined%))
(= (return-on-error $atom $then)
  (function (eval (if-equal $atom Empty (return (return Empty))
    (eval (if-error $atom (return (return $atom)) (return $then)))))))

(: switch (-> %Undefined% Expression %Undefined%))
(= (switch $atom $cases) (id (switch-minimal $atom $cases)))

(: switch-minimal (-> Atom Expression Atom))
(= (switch-minimal $atom $cases)
  (function (chain (decons-atom $cases) $list
    (chain (eval (switch-internal $atom $list)) $res
      (chain (eval (if-equal $res NotReducible Empty $res)) $x (return $x))))))

(: switch-internal (-> Atom Expression Atom))
(= (switch-internal $atom (($pattern $template) $tail))
  (function (unify $atom $pattern
    (return $template)
    (chain (eval (switch-minimal $atom $tail)) $ret (return $ret)))))

(: case (-> Atom Expression %Undefined%))
(= (case $atom $cases)
  (function (chain (context-space) $space
    (chain (collapse-bind (metta $atom %Undefined% $space)) $c
      (chain (eval (== $c ())) $is-empty
        (unify $is-empty True
          (chain (eval (switch-minimal Empty $cases)) $r (return $r))
          (chain (superpose-bind $c) $e
            (chain (eval (switch-minimal $e $cases)) $r (return $r)))))))))

(: collapse (-> Atom Atom))
(= (collapse $atom)
  (function (chain (context-space) $space
    (chain (collapse-bind (metta $atom %Undefined% $space)) $pairs
      (chain (eval (_collapse-extract $pairs)) $r (return $r))))))

(: is-function (-> Type Bool))
(= (is-function $type)
  (function (chain (eval (get-metatype $type)) $meta
    (eval (switch-minimal ($type $meta) (
      (($type Expression)
        (chain (decons-atom $type) $pair
          (unify ($head $_tail) $pair
            (unify $head -> (return True) (return False))
            (return (Error (is-function $type) "is-function non-empty expression as an argument")))))
      (($type $meta) (return False))))))))

(= (type-cast $atom $type $space)
  (function (chain (eval (get-metatype $atom)) $meta
    (eval (if-equal $type $meta
      (return $atom)
      (chain (eval (collapse-bind (eval (get-type-space $space $atom)))) $collapsed
        (chain (eval (map-atom $collapsed $pair (eval (first-from-pair $pair)))) $actual-types
          (chain (eval (foldl-atom $actual-types False $a $b (eval (match-type-or $a $b $type)))) $is-some-comp
            (eval (if $is-some-comp
              (return $atom)
              (return (Error $atom BadType))))))))))))

(= (match-types $type1 $type2 $then $else)
  (function (eval (if-equal $type1 %Undefined%
    (return $then)
    (eval (if-equal $type2 %Undefined%
      (return $then)
      (eval (if-equal $type1 Atom
        (return $then)
        (eval (if-equal $type2 Atom
          (return $then)
          (unify $type1 $type2 (return $then) (return $else))))))))))))

(= (first-from-pair $pair)
  (function (unify $pair ($first $second)
    (return $first)
    (return (Error (first-from-pair $pair) "incorrect pair format")))))

(= (match-type-or $folded $next $type)
  (function (chain (eval (match-types $next $type True False)) $matched
    (chain (eval (or $folded $matched)) $or (return $or)))))

(: filter-atom (-> Expression Variable Atom Expression))
(= (filter-atom $list $var $filter)
  (function (eval (if-decons-expr $list $head $tail
    (chain (eval (sealed ($var) $filter)) $sealed
    (chain (eval (filter-atom $tail $var $sealed)) $tail-filtered
      (chain (eval (atom-subst $head $var $sealed)) $filter-expr
        (chain (context-space) $space
          (chain (metta $filter-expr %Undefined% $space) $is-filtered
            (eval (if-equal $is-filtered True
              (chain (cons-atom $head $tail-filtered) $res (return $res))
              (return $tail-filtered))))))))
    (return ())))))

(: map-atom (-> Expression Variable Atom Expression))
(= (map-atom $list $var $map)
  (function (eval (if-decons-expr $list $head $tail
    (chain (eval (sealed ($var) $map)) $sealed
    (chain (eval (map-atom $tail $var $sealed)) $tail-mapped
      (chain (eval (atom-subst $head $var $sealed)) $map-expr
        (chain (context-space) $space
          (chain (metta $map-expr %Undefined% $space) $head-mapped
            (chain (cons-atom $head-mapped $tail-mapped) $res (return $res)))))))
    (return ())))))

(: foldl-atom (-> Expression Atom Variable Variable Atom %Undefined%))
(= (foldl-atom $list $init $a $b $op)
  (function (eval (if-decons-expr $list $head $tail
    (chain (eval (sealed ($a $b) $op)) $op-sealed
      (chain (eval (atom-subst $init $a $op-sealed)) $op-init
        (chain (eval (atom-subst $head $b $op-init)) $op-head
          (chain (context-space) $space
            (chain (metta $op-head %Undefined% $space) $head-folded
              (chain (eval (foldl-atom $tail $head-folded $a $b $op)) $res (return $res)))))))
    (return $init)))))

(: if (-> Bool Atom Atom $t))
(= (if True $then $else) $then)
(= (if False $then $else) $else)

(: let (-> Atom %Undefined% Atom %Undefined%))
(= (let $pattern $atom $template) (unify $atom $pattern $template Empty))

(: let* (-> Expression Atom %Undefined%))
(= (let* $pairs $template)
  (if-decons-expr $pairs $head $tail
    (unify $head ($pattern $atom)
      (let $pattern $atom (let* $tail $template))
      (Error (let* $pairs $template) "List of (<pattern> <atom>) pairs is expected as a second argument"))
    $template))

(: add-reduct (-> SpaceType %Undefined% (->)))
(= (add-reduct $dst $atom) (add-atom $dst $atom))

(: car-atom (-> Expression %Undefined%))
(= (car-atom $atom)
  (if-decons-expr $atom $head $_ $head
    (Error (car-atom $atom) "car-atom expects a non-empty expression as an argument")))

(: cdr-atom (-> Expression Expression))
(= (cdr-atom $atom)
  (if-decons-expr $atom $_ $tail $tail
    (Error (cdr-atom $atom) "cdr-atom expects a non-empty expression as an argument")))

(: quote (-> Atom Atom))
(= (quote $atom) NotReducible)

(: unquote (-> %Undefined% %Undefined%))
(= (unquote (quote $atom)) $atom)

(= (empty) Empty)

(: unique (-> Atom %Undefined%))
(= (unique $arg) (let $c (collapse $arg) (let $u (unique-atom $c) (superpose $u))))
(: union (-> Atom Atom %Undefined%))
(= (union $a $b) (let $c1 (collapse $a) (let $c2 (collapse $b) (let $u (union-atom $c1 $c2) (superpose $u)))))
(: intersection (-> Atom Atom %Undefined%))
(= (intersection $a $b) (let $c1 (collapse $a) (let $c2 (collapse $b) (let $u (intersection-atom $c1 $c2) (superpose $u)))))
(: subtraction (-> Atom Atom %Undefined%))
(= (subtraction $a $b) (let $c1 (collapse $a) (let $c2 (collapse $b) (let $u (subtraction-atom $c1 $c2) (superpose $u)))))

(: add-reducts (-> SpaceType %Undefined% (->)))
(= (add-reducts $space $tuple) (foldl-atom $tuple () $a $b (eval (add-atom $space $b))))
(: add-atoms (-> SpaceType Expression (->)))
(= (add-atoms $space $tuple) (foldl-atom $tuple () $a $b (eval (add-atom $space $b))))

(: assertIncludes (-> Atom Expression (->)))
(= (assertIncludes $atom $content)
  (let $results (collapse $atom)
    (let $missing (subtraction-atom $content $results)
      (if (== $missing ())
        ()
        (Error (assertIncludes $atom $content)
          (assertIncludes error: $missing not included in result: $results))))))

(: assert (-> Atom (->)))
(= (assert $atom)
  (chain (context-space) $space
    (chain (metta $atom %Undefined% $space) $value
      (unify $value True () (Error (assert $atom) ($atom not True))))))

(: assertEqual (-> Atom Atom (->)))
(= (assertEqual $actual $expected)
  (chain (context-space) $space
    (chain (metta (collapse $actual) %Undefined% $space) $a
      (chain (metta (collapse $expected) %Undefined% $space) $e
        (_assert-results-are-equal $a $e (assertEqual $actual $expected))))))
(: assertEqualMsg (-> Atom Atom Atom (->)))
(= (assertEqualMsg $actual $expected $msg)
  (chain (context-space) $space
    (chain (metta (collapse $actual) %Undefined% $space) $a
      (chain (metta (collapse $expected) %Undefined% $space) $e
        (_assert-results-are-equal-msg $a $e (assertEqualMsg $actual $expected) $msg)))))
(: assertAlphaEqual (-> Atom Atom (->)))
(= (assertAlphaEqual $actual $expected)
  (chain (context-space) $space
    (chain (metta (collapse $actual) %Undefined% $space) $a
      (chain (metta (collapse $expected) %Undefined% $space) $e
        (_assert-results-are-alpha-equal $a $e (assertAlphaEqual $actual $expected))))))
(: assertAlphaEqualMsg (-> Atom Atom Atom (->)))
(= (assertAlphaEqualMsg $actual $expected $msg)
  (chain (context-space) $space
    (chain (metta (collapse $actual) %Undefined% $space) $a
      (chain (metta (collapse $expected) %Undefined% $space) $e
        (_assert-results-are-alpha-equal-msg $a $e (assertAlphaEqualMsg $actual $expected) $msg)))))
(: assertEqualToResult (-> Atom Atom (->)))
(= (assertEqualToResult $actual $expected)
  (chain (context-space) $space
    (chain (metta (collapse $actual) %Undefined% $space) $a
      (_assert-results-are-equal $a $expected (assertEqualToResult $actual $expected)))))
(: assertEqualToResultMsg (-> Atom Atom Atom (->)))
(= (assertEqualToResultMsg $actual $expected $msg)
  (chain (context-space) $space
    (chain (metta (collapse $actual) %Undefined% $space) $a
      (_assert-results-are-equal-msg $a $expected (assertEqualToResultMsg $actual $expected) $msg))))
(: assertAlphaEqualToResult (-> Atom Atom (->)))
(= (assertAlphaEqualToResult $actual $expected)
  (chain (context-space) $space
    (chain (metta (collapse $actual) %Undefined% $space) $a
      (_assert-results-are-alpha-equal $a $expected (assertAlphaEqualToResult $actual $expected)))))
(: assertAlphaEqualToResultMsg (-> Atom Atom Atom (->)))
(= (assertAlphaEqualToResultMsg $actual $expected $msg)
  (chain (context-space) $space
    (chain (metta (collapse $actual) %Undefined% $space) $a
      (_assert-results-are-alpha-equal-msg $a $expected (assertAlphaEqualToResultMsg $actual $expected) $msg))))

(: for-each-in-atom (-> Expression Atom (->)))
(= (for-each-in-atom $expr $func)
  (if (noreduce-eq $expr ())
    ()
    (let $head (car-atom $expr)
      (let $tail (cdr-atom $expr)
        (let $_ ($func $head)
          (for-each-in-atom $tail $func))))))

(: get-doc (-> SpaceType Atom %Undefined%))
(: get-doc (-> Atom %Undefined%))
(= (get-doc $space $atom) (_get-doc $space $atom))
(= (get-doc $atom) (_get-doc (context-space) $atom))

(: help! (-> Atom (->)))
(: help! (-> (->)))
(= (help! $atom) (_help! $atom))
(= (help!) (_help! corelib))
`;
