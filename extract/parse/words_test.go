package parse

import (
	"slices"
	"testing"
)

func TestWordsAmounts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []float64
	}{
		{"Amount in words: SEVEN THOUSAND NINE HUNDRED SIXTY FOUR PESOS AND 00/100", []float64{7964}},
		{"the sum of THIRTY SIX THOUSAND NINETY SIX PESOS AND 43/100 (36,096.53)", []float64{36096.43}},
		{"PHP Twenty Three Thousand Seven Hundred Thirty Three only.", []float64{23733}},
		{"One Hundred Twenty-Five Thousand and Fifty Pesos & 75/100", []float64{125050.75}},
		{"ONE MILLION TWO HUNDRED THOUSAND PESOS", []float64{1200000}},
		{"Page one of two", nil},
		{"FIVE working days", nil},
		// a run cut short by a misread word is no amount
		{"NINETY SlX THOUSAND PESOS", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := WordsAmounts(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("WordsAmounts(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if !WrittenOut("SEVEN THOUSAND NINE HUNDRED SIXTY FOUR PESOS AND 00/100", 7964) || WrittenOut("SEVEN THOUSAND PESOS", 7964) {
		t.Error("WrittenOut")
	}
}
