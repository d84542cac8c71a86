package docgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The word lists below are read-only tables, not state.

var companyWords = []string{
	"Dalisay", "Sinag", "Bituin", "Tanglaw", "Hiraya", "Kalinaw", "Amihan", "Habagat",
	"Banaag", "Likha", "Sampaguita", "Narra", "Bayanihan", "Tala", "Diwa", "Alon",
	"Luntian", "Malaya", "Marikit", "Silangan", "Kanluran", "Masigla", "Tibay", "Lakbay",
	"Dagat", "Ilog", "Bundok", "Kawayan", "Molave", "Agila", "Maya", "Anahaw",
	"Kalayaan", "Pagasa", "Mabuhay", "Dunong", "Sigla", "Hilaga", "Timog", "Liyab",
	"Bagong Araw", "Tagumpay", "Ligaya", "Kislap", "Gabay", "Sandigan", "Tahanan", "Kabisig",
	"Mutya", "Perlas", "Ginto", "Pilak", "Bulaklak", "Ulap", "Buwan", "Araw",
	"Lunas", "Kalinga", "Handog", "Samahan", "Kaagapay", "Tuklas", "Yaman", "Sibol",
}

var companyTrades = []string{
	"Logistics", "Construction", "Foods", "Bakeshop", "Manufacturing", "Realty",
	"Security Agency", "Trucking", "Marketing", "Pharmacy", "Medical Clinic", "Printing Press",
	"Garments", "Rice Mill", "Auto Supply", "Hardware", "Resort", "Hotel", "Restaurant",
	"BPO Solutions", "IT Services", "Engineering", "Farms", "Fishing", "Water Refilling",
	"Furniture", "Electrical Supply", "Learning Center", "Dental Care", "Builders",
	"Agri-Ventures", "Shipping Lines", "Motor Works", "Travel and Tours", "Janitorial Services",
	"Call Center", "Packaging", "Steel Works", "Apparel", "Beverages",
}

var companySuffixes = []string{
	"Inc.", "Corp.", "Co.", "Corporation", "Enterprises", "Trading", "Holdings, Inc.",
	"Inc.", "Corp.", "Company", "Incorporated", "OPC",
}

var firstNames = []string{
	"Maria", "Jose", "Juan", "Ana", "Mark", "John Paul", "Kristine", "Jerome", "Rhea", "Aileen",
	"Rodel", "Jonathan", "Mylene", "Lorna", "Ramil", "Joy", "Cherry", "Arnel", "Rowena", "Dennis",
	"Jennifer", "Marites", "Ronaldo", "Angelica", "Kevin", "Princess", "Christian", "Jasmine",
	"Reynaldo", "Marvin", "Liza", "Grace", "Bong", "Edgardo", "Teresita", "Noel", "Janine", "Paolo",
	"Carmela", "Jericho", "Niño", "Shiela", "Ma. Cristina", "Rosalie", "Emmanuel", "Honeylyn",
}

var lastNames = []string{
	"Dela Cruz", "Reyes", "Santos", "Garcia", "Mendoza", "Torres", "Villanueva", "Ramos",
	"Aquino", "Castillo", "Navarro", "Salazar", "Bautista", "Pascual", "Manalo", "Soriano",
	"Dimaculangan", "Macapagal", "Lacson", "Tolentino", "Evangelista", "Cabrera", "Panganiban",
	"Magbanua", "Dumalagan", "Sison", "Ocampo", "Gatchalian", "Peñaranda", "Buenaventura",
	"Agustin", "Mercado", "Fernandez", "Legaspi", "Malonzo", "Ilagan", "Quiambao", "Yap",
	"Tan", "Lim", "Co", "Ong", "Abad", "Espiritu", "Caballero", "Robles", "Sarmiento",
}

var streets = []string{
	"Rizal Ave.", "Mabini St.", "Bonifacio Drive", "Aguinaldo Highway", "Quezon Blvd.",
	"Del Pilar St.", "Osmeña Blvd.", "Magsaysay Ave.", "Luna St.", "Burgos St.",
	"Roxas Blvd.", "Jacinto St.", "Katipunan Ave.", "Shaw Blvd.", "Ortigas Ave. Ext.",
}

var cities = []string{
	"Quezon City", "Makati City", "Pasig City", "Cebu City", "Davao City", "Iloilo City",
	"Bacolod City", "Cagayan de Oro City", "Baguio City", "Calamba, Laguna", "Dasmariñas, Cavite",
	"San Fernando, Pampanga", "Tacloban City", "General Santos City", "Lipa, Batangas",
	"Mandaue City", "Taguig City", "Parañaque City", "Naga City", "Zamboanga City",
}

var positions = []string{
	"Cashier", "Sales Associate", "Accounting Clerk", "Software Engineer", "Driver", "Warehouse Staff",
	"Customer Service Representative", "Nurse", "Security Guard", "Machine Operator", "HR Assistant",
	"Cook", "Electrician", "Team Leader", "Admin Officer", "Technician", "Teacher", "Bookkeeper",
	"Production Supervisor", "Utility Worker", "Graphic Artist", "Dispatcher", "Pharmacist",
}

var departments = []string{
	"Operations", "Finance", "Sales", "Admin", "Production", "Logistics", "IT", "HR",
	"Customer Care", "Warehouse", "Kitchen", "Maintenance", "Engineering", "Front Office",
}

type person struct {
	First, Middle, Last string
}

// Display formats the name in one of the ways payroll systems print it.
func (p person) format(style int) string {
	switch style % 4 {
	case 0:
		return fmt.Sprintf("%s %s. %s", p.First, p.Middle, p.Last)
	case 1:
		return fmt.Sprintf("%s, %s %s.", strings.ToUpper(p.Last), p.First, p.Middle)
	case 2:
		return fmt.Sprintf("%s, %s %s.", p.Last, p.First, p.Middle)
	default:
		return strings.ToUpper(fmt.Sprintf("%s %s. %s", p.First, p.Middle, p.Last))
	}
}

type company struct {
	Name    string
	Address string
	TIN     string
	Short   string
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

func randDigits(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	return b.String()
}

func newPerson(r *rand.Rand) person {
	return person{
		First:  pick(r, firstNames),
		Middle: string(rune('A' + r.IntN(26))),
		Last:   pick(r, lastNames),
	}
}

func newCompany(r *rand.Rand) company {
	w := pick(r, companyWords)
	var name string
	switch r.IntN(6) {
	case 0:
		w2 := pick(r, companyWords)
		for w2 == w {
			w2 = pick(r, companyWords)
		}
		name = w + "-" + w2 + " " + pick(r, companyTrades)
	case 1:
		name = fmt.Sprintf("%c%c%c %s %s", 'A'+r.IntN(26), 'A'+r.IntN(26), 'A'+r.IntN(26), w, pick(r, companyTrades))
	case 2:
		name = w + " " + pick(r, companyTrades) + " and " + pick(r, []string{"Services", "Supply", "General Merchandise", "Development"})
	default:
		name = w + " " + pick(r, companyTrades)
	}
	suf := pick(r, companySuffixes)
	if suf == "Inc." {
		if chance(r, 0.7) {
			name += ","
		}
	}
	name += " " + suf
	var short strings.Builder
	for _, f := range strings.Fields(name) {
		c := f[0]
		if c >= 'A' && c <= 'Z' && short.Len() < 4 {
			short.WriteByte(c)
		}
	}
	return company{
		Name:    name,
		Address: newAddress(r),
		TIN:     tin(r, "00"+string(rune('0'+r.IntN(4)))),
		Short:   short.String(),
	}
}

func newAddress(r *rand.Rand) string {
	var b strings.Builder
	if chance(r, 0.4) {
		fmt.Fprintf(&b, "Unit %d%02d, %s Bldg., ", 1+r.IntN(12), 1+r.IntN(20), pick(r, companyWords))
	}
	fmt.Fprintf(&b, "%d %s, Brgy. %s, %s", 1+r.IntN(2400), pick(r, streets), pick(r, companyWords), pick(r, cities))
	if chance(r, 0.6) {
		fmt.Fprintf(&b, " %d", 1000+r.IntN(8500))
	}
	return b.String()
}

func tin(r *rand.Rand, branch string) string {
	if branch == "" {
		branch = "000"
	}
	return fmt.Sprintf("%s-%s-%s-%s", randDigits(r, 3), randDigits(r, 3), randDigits(r, 3), branch)
}

func sssNo(r *rand.Rand) string {
	return fmt.Sprintf("%s-%s-%s", randDigits(r, 2), randDigits(r, 7), randDigits(r, 1))
}

func philHealthNo(r *rand.Rand) string {
	return fmt.Sprintf("%s-%s-%s", randDigits(r, 2), randDigits(r, 9), randDigits(r, 1))
}

func pagIbigNo(r *rand.Rand) string {
	return fmt.Sprintf("%s-%s-%s", randDigits(r, 4), randDigits(r, 4), randDigits(r, 4))
}
