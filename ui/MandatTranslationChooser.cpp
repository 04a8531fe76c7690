#include "MandatTranslationChooser.h"

#include "MandatTranslation.h"
#include "Settings.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

MandatTranslationChooser::MandatTranslationChooser(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("MandatTranslationChooser"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_label = new QLabel(tr("Ajouter une traduction pour l'&usager :"), this);
    m_label->setObjectName(QStringLiteral("translationLabel"));
    m_combo = new QComboBox(this);
    m_combo->setObjectName(QStringLiteral("translationComboBox"));
    m_combo->setAccessibleName(tr("Ajouter une traduction pour l'usager"));
    m_combo->setAccessibleDescription(
        tr("Une copie traduite, sans valeur juridique, est imprimée après le mandat en français."));
    m_label->setBuddy(m_combo);
    m_combo->addItem(tr("Aucune"), QString());
    for (const MandatTranslation::Translation &translation : MandatTranslation::available())
        m_combo->addItem(translation.label(), translation.language);
    layout->addWidget(m_label);
    layout->addWidget(m_combo);
    layout->addStretch();
    setFocusProxy(m_combo);
    // Only the aidant's choices are remembered, not setUsager()'s.
    connect(m_combo, &QComboBox::activated, this, &MandatTranslationChooser::chosen);
}

MandatTranslationChooser::~MandatTranslationChooser() = default;

void MandatTranslationChooser::setUsager(qint64 usagerId)
{
    m_usagerId = usagerId;
    const QString remembered = Settings().mandatTranslation(usagerId);
    const int index = m_combo->findData(remembered);
    m_combo->setCurrentIndex(index >= 0 ? index : 0);
}

QString MandatTranslationChooser::language() const
{
    return m_combo->currentData().toString();
}

void MandatTranslationChooser::chosen(int index)
{
    const QString language = m_combo->itemData(index).toString();
    Settings settings;
    settings.setMandatTranslation(m_usagerId, language);
    emit languageChanged(language);
}
