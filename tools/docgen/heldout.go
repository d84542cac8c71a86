package docgen

// heldOutSlipLayouts are the payslip templates of the held-out family:
// written from descriptions of real payslips, never from the extractor, and
// never used to fix it. Each group lives in its own file.
func heldOutSlipLayouts() []*slipLayout {
	var out []*slipLayout
	for _, group := range [][]*slipLayout{heldOutA(), heldOutB()} {
		for _, l := range group {
			l.Family = FamilyHeldOut
			out = append(out, l)
		}
	}
	return out
}
